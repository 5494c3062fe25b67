import Foundation

/// The coordinator's settings (`config.json` in its directory), written by
/// `chorus coordinator init` with defaults and read by `chorus coordinator run`.
/// The round, sampling, secure-aggregation and privacy values are defaults to
/// be refined with the protocol; every field is snake_case in JSON.
public struct CoordinatorConfig: Codable, Sendable, Equatable {
    /// The file format version this build reads and writes.
    public static let formatVersion = 1

    /// How participants are chosen for a round.
    public struct Sampling: Codable, Sendable, Equatable {
        /// Poisson sampling: each enrolled participant joins a round with this
        /// probability (0 < q ≤ 1); nil when `participantsPerRound` is used.
        public var rate: Double?
        /// A fixed number of participants per round; nil when `rate` is used.
        public var participantsPerRound: Int?
    }

    /// Secure aggregation parameters.
    public struct SecureAggregation: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// Fraction of a round's participants that must survive to unmask.
        public var thresholdFraction: Double
    }

    /// Differential privacy parameters.
    public struct Privacy: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// Noise standard deviation over the clipping norm (z).
        public var noiseMultiplier: Double
        /// L2 clipping norm of each update (C).
        public var clipNorm: Double
        public var delta: Double
        /// No round starts whose accounting would exceed this epsilon.
        public var epsilonBudget: Double
    }

    public var version: Int
    /// Host names and addresses the TLS certificate was issued for (besides localhost).
    public var hosts: [String]
    /// Rounds to run.
    public var rounds: Int
    public var sampling: Sampling
    public var secureAggregation: SecureAggregation
    public var privacy: Privacy
    /// Seconds each protocol stage waits for participants before counting the
    /// missing ones as dropouts.
    public var stageDeadlineSeconds: Double
    /// Seconds of silence (no bytes, no heartbeat) after which a connection is dropped.
    public var readTimeoutSeconds: Double

    /// Defaults for a new coordinator whose certificate names `hosts`.
    public static func defaults(hosts: [String]) -> CoordinatorConfig {
        CoordinatorConfig(
            version: formatVersion, hosts: hosts, rounds: 10,
            sampling: Sampling(rate: 1.0, participantsPerRound: nil),
            secureAggregation: SecureAggregation(enabled: true, thresholdFraction: 2.0 / 3.0),
            privacy: Privacy(enabled: true, noiseMultiplier: 1.0, clipNorm: 1.0, delta: 1e-5, epsilonBudget: 8.0),
            stageDeadlineSeconds: 120, readTimeoutSeconds: 60)
    }

    /// The JSON text of this configuration (pretty, sorted keys, snake_case).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }

    /// Parses `config.json`.
    /// - Throws: `ServerError.config` naming the file and what is wrong.
    public static func decode(_ data: Data, path: String) throws -> CoordinatorConfig {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let config: CoordinatorConfig
        do {
            config = try decoder.decode(CoordinatorConfig.self, from: data)
        } catch {
            throw ServerError.config(path: path, reason: "not a coordinator configuration: \(error)")
        }
        guard config.version == formatVersion else {
            throw ServerError.config(path: path, reason: "version is \(config.version), expected \(formatVersion)")
        }
        return config
    }
}
