import Audit
import ChorusSupport
import DifferentialPrivacy
import Foundation
import SecureAgg

/// A small, honest privacy report: three rounds of a DP run, epsilon computed
/// by the real accountant, written by the real writer.
public struct ReportFixture: @unchecked Sendable {
    // Sendable: every property is immutable after init.
    public let key: Ed25519SigningKey
    public let run: ReportRunRecord
    public let rounds: [ReportRoundRecord]
    public let directory: TemporaryDirectory
    public let url: URL

    public static let noisySurvivors = [9, 10, 8]

    /// - Parameter sealed: whether the run's closing record ends the report.
    public init(epsilonBudget: Double = 50, sealed: Bool = false) throws {
        key = try Ed25519SigningKey.generate()
        let quantization = try DistributedDiscreteGaussian(dimension: 1000, clipNorm: 1, noiseMultiplier: 1.1,
                                                           expectedParticipants: 10, minimumSurvivors: 8)
        run = ReportRunRecord(
            runID: RunID.random().description, coordinatorKey: Hex.encode(key.publicKey.rawRepresentation),
            privacy: PrivacyRunHeader(delta: 1e-5, plannedNoiseMultiplier: 1.1, bits: quantization.bits),
            epsilonBudget: epsilonBudget, accountant: .rdp, quantization: ReportNoiseConfiguration(quantization),
            secureAggregation: SecureAggregationSummary(graph: "complete", neighbours: 9, threshold: 8, toleratedCorruptFraction: 0.1),
            rosterHash: Hex.encode(SHA256.hash(Array("roster".utf8))), softwareVersion: "test",
            startedAt: "2026-11-25T12:00:00Z", sampling: ReportSampling(.poisson(rate: 0.1), rosterSize: 100))
        var accountant = PrivacyAccountant()
        var rounds: [ReportRoundRecord] = []
        for (index, noisy) in Self.noisySurvivors.enumerated() {
            let z = quantization.effectiveNoiseMultiplier(noisySurvivors: noisy)
            try accountant.addRound(of: quantization, sampling: .poisson(rate: 0.1), noisySurvivors: noisy)
            var privacy = PrivacyRoundRecord(
                round: index + 1, samplingRate: 0.1, plannedNoiseMultiplier: 1.1, effectiveNoiseMultiplier: z,
                survivors: noisy, noisySurvivors: noisy, clipNorm: 1, bits: quantization.bits,
                epsilonRDP: try accountant.epsilon(delta: 1e-5, accountant: .rdp),
                epsilonPLD: nil)
            privacy.population = 100
            rounds.append(ReportRoundRecord(
                sampled: Array(0..<10), survivors: Array(0..<UInt32(noisy)), privacy: privacy,
                modelBefore: Hex.encode(SHA256.hash([UInt8(index)])), modelAfter: Hex.encode(SHA256.hash([UInt8(index + 1)])),
                testAccuracy: 0.3 + 0.1 * Double(index), testLoss: 2 - 0.2 * Double(index),
                secureAggregation: RoundSecureAggregation(members: 10, graph: "complete", degree: 9, threshold: 8)))
        }
        self.rounds = rounds
        directory = try TemporaryDirectory()
        url = directory.file("privacy-report.jsonl")
        var writer = try PrivacyReportWriter.create(at: url, run: run, signingKey: key)
        for round in rounds { try writer.append(round) }
        if sealed { try writer.close(reason: "all 3 rounds done", at: "2026-11-25T13:00:00Z") }
    }

    public var bytes: [UInt8] { get throws { try AtomicFile.read(url) } }

    /// The report's lines, newline excluded.
    public var lines: [[UInt8]] {
        get throws { try bytes.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init) }
    }

    /// A report made of `lines`, each followed by a newline.
    public static func join(_ lines: [[UInt8]]) -> [UInt8] {
        lines.flatMap { $0 + [UInt8(ascii: "\n")] }
    }

    /// The report re-chained and re-signed by `signer` after `edit` changed its entries:
    /// what a dishonest operator holding the key could produce.
    public func resigned(by signer: Ed25519SigningKey, edit: (inout [ReportEntry]) -> Void) throws -> [UInt8] {
        var entries = [ReportEntry(sequence: 0, previousHash: "", run: run)]
            + rounds.enumerated().map { ReportEntry(sequence: $0.offset + 1, previousHash: "", round: $0.element) }
        edit(&entries)
        var previous = ReportEntry.genesisHash
        var lines: [[UInt8]] = []
        for var entry in entries {
            entry.previousHash = previous
            let line = try SignedLine.encode(entry, signedBy: signer)
            previous = SignedLine.hash(line)
            lines.append(line)
        }
        return Self.join(lines)
    }
}
