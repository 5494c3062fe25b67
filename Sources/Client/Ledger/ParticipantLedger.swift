import ChorusSupport
import DifferentialPrivacy
import Foundation

/// Every round this participant contributed an update to, with the noise it
/// really added, kept beside its identity (`ledger.json`, written atomically)
/// so its own epsilon survives restarts and never depends on what a
/// coordinator says about the run.
public struct ParticipantLedger: Codable, Sendable, Equatable {
    /// One contributed round.
    public struct Entry: Codable, Sendable, Equatable {
        /// The run (hex) and the round, from the signed plan.
        public var run: String
        public var round: UInt64
        /// σ of the discrete Gaussian share this participant added, in integer
        /// steps, and the step size: its share's std is `noiseSigma · scale` update units.
        public var noiseSigma: UInt64
        public var scale: Double
        /// What this participant accounts the round as: the sum of the noise shares
        /// that protect it (see `ParticipantPolicy.accountedSum(for:)`); nil when none
        /// does (no noise), which makes its epsilon infinite.
        public var accounted: DiscreteGaussianSum?
        /// Whether the update went masked (secure aggregation) or in the clear.
        public var masked: Bool

        public init(run: String, round: UInt64, noiseSigma: UInt64, scale: Double, accounted: DiscreteGaussianSum?,
                    masked: Bool) {
            self.run = run
            self.round = round
            self.noiseSigma = noiseSigma
            self.scale = scale
            self.accounted = accounted
            self.masked = masked
        }

        enum CodingKeys: String, CodingKey {
            case run, round, noiseSigma = "noise_sigma", scale, accounted, masked
        }
    }

    public private(set) var entries: [Entry] = []

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The ledger's file in an identity directory.
    public static func url(in directory: URL) -> URL {
        directory.appendingPathComponent("ledger.json")
    }

    /// The folder of the signed plans of the rounds contributed to, beside the ledger.
    public static func receiptsURL(in directory: URL) -> URL {
        directory.appendingPathComponent("receipts", isDirectory: true)
    }

    /// The ledger at `url`, empty when there is none yet.
    /// - Throws: `FileError` naming the file when it exists but cannot be read or parsed.
    public static func load(from url: URL) throws(FileError) -> ParticipantLedger {
        guard FileManager.default.fileExists(atPath: url.path) else { return ParticipantLedger() }
        let bytes = try AtomicFile.read(url)
        do {
            return try JSONDecoder().decode(ParticipantLedger.self, from: Data(bytes))
        } catch {
            throw .io(path: url.path, reason: "not a participant ledger: \(error)")
        }
    }

    /// Writes the ledger atomically (old or new contents, never a mix).
    public func save(to url: URL) throws(FileError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw .io(path: url.path, reason: "cannot encode the ledger: \(error)")
        }
        try AtomicFile.write(data, to: url, permissions: 0o600)
    }

    public mutating func append(_ entry: Entry) {
        entries.append(entry)
    }

    /// Rounds contributed to.
    public var rounds: Int { entries.count }

    /// This participant's epsilon at `delta` over its contributed rounds and,
    /// if given, one more accounted at `adding`: every round at q = 1 (it cannot
    /// verify how it was sampled), each with the discrete Gaussian's own RDP bound,
    /// as the coordinator's accountant does. Infinite once a round had no protecting noise.
    /// - Parameter next: a round about to be contributed to, as `ParticipantPolicy` accounts it
    ///   (`.some(nil)`: one without protecting noise).
    /// - Throws: `DifferentialPrivacyError` from the accountant.
    public func epsilon(delta: Double, adding next: DiscreteGaussianSum?? = nil) throws(DifferentialPrivacyError) -> Double {
        let sums = entries.map(\.accounted) + (next.map { [$0] } ?? [])
        guard !sums.isEmpty else { return 0 }
        var accountant = PrivacyAccountant()
        for sum in sums {
            guard let sum else { return .infinity }
            try accountant.addRounds(sampling: .poisson(rate: 1), discreteGaussian: sum)
        }
        return try accountant.epsilon(delta: delta, accountant: .rdp)
    }
}
