import DifferentialPrivacy
import Federation
import Foundation
import ML
import SecureAgg

/// The coordinator's settings (`config.json` in its directory), written by
/// `chorus coordinator init` with defaults and read by `chorus coordinator run`
/// (whose options override single fields). Every field is snake_case in JSON.
public struct CoordinatorConfig: Codable, Sendable, Equatable {
    /// The file format version this build reads and writes.
    public static let formatVersion = 1

    /// How participants are chosen for a round.
    public struct Sampling: Codable, Sendable, Equatable {
        /// Poisson sampling: each connected participant joins a round with this
        /// probability (0 < q ≤ 1); nil when `participantsPerRound` is used.
        public var rate: Double?
        /// A fixed number of participants per round; nil when `rate` is used.
        public var participantsPerRound: Int?
        /// A round starts once this many enrolled participants are connected
        /// (nil: all of the roster), or after `waitSeconds` with at least two.
        public var minimumConnected: Int?
        public var waitSeconds: Double
    }

    /// Secure aggregation parameters.
    public struct SecureAggregation: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// "complete" (SecAgg: everyone masks with everyone) or "sparse"
        /// (SecAgg+: a random k-regular graph, k from the fractions below).
        public var graph: String
        /// Fraction of a round's participants that may drop out with the round still completing.
        public var toleratedDropoutFraction: Double
        /// Fraction of participants assumed to collude with the coordinator.
        public var toleratedCorruptFraction: Double
    }

    /// Differential privacy parameters.
    public struct Privacy: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// Noise standard deviation over the clipping norm (z) that `minimumSurvivorFraction`
        /// of the expected participants reach together.
        public var noiseMultiplier: Double
        /// L2 clipping norm of each update (C). Also the quantization range with DP off.
        public var clipNorm: Double
        public var delta: Double
        /// No round starts whose accounting would exceed this epsilon.
        public var epsilonBudget: Double
        public var accountant: AccountantKind
        /// Fraction of the expected participants per round whose noise shares
        /// together reach z; a round with fewer survivors is discarded unread.
        public var minimumSurvivorFraction: Double
    }

    /// Local training each sampled participant runs (SGD with momentum, or Adam).
    public struct Training: Codable, Sendable, Equatable {
        /// The local update rule: "sgd" (the default when absent) or "adam"
        /// (fresh moment estimates every round; `momentum` is then unused).
        public enum Rule: String, Codable, Sendable {
            case sgd, adam
        }

        public var epochs: Int
        public var batchSize: Int
        public var learningRate: Float
        public var momentum: Float
        /// nil: SGD.
        public var rule: Rule?
        /// When set, the local learning rate decays over the run's rounds by a
        /// cosine from `learningRate` in round 1 to this fraction of it in the
        /// last round; nil keeps it constant.
        public var cosineFloor: Float?
        /// Random time shifts and SpecAugment masks of local batches; nil for none.
        public var augmentation: Augmentation?
        /// What participants release (`--dp-mode`): "iterative" (trained
        /// updates, the default when absent) or "statistics" (class statistics
        /// of a linear head on fixed features, from which the coordinator builds
        /// a nearest-class-mean classifier; the other training fields are unused).
        public var contribution: Contribution?

        /// The local optimizer of `round` (1-based) of a run of `rounds`, its
        /// learning rate after the cosine decay when `cosineFloor` is set.
        public func optimizer(round: UInt64, of rounds: Int) -> Optimizer {
            var rate = learningRate
            if let cosineFloor {
                let epoch = min(max(Int(clamping: round) - 1, 0), rounds - 1)
                rate = LearningRateSchedule.cosine(minimumFraction: cosineFloor).rate(base: learningRate, epoch: epoch, epochs: rounds)
            }
            switch rule ?? .sgd {
            case .sgd: return .sgd(learningRate: rate, momentum: momentum)
            case .adam: return .adam(learningRate: rate)
            }
        }
    }

    /// The server optimizer applied to the average update (FedAvg with server
    /// learning rate and optional momentum).
    public struct ServerOptimizer: Codable, Sendable, Equatable {
        public var learningRate: Float
        /// 0 for plain FedAvg.
        public var momentum: Float
    }

    /// The global model.
    public struct Model: Codable, Sendable, Equatable {
        public var architecture: Architecture
        /// Seed of the initial parameters.
        public var seed: UInt64
    }

    public var version: Int
    /// Host names and addresses the TLS certificate was issued for (besides localhost).
    public var hosts: [String]
    /// Rounds to run (attempts: a round that aborts counts too).
    public var rounds: Int
    public var sampling: Sampling
    public var secureAggregation: SecureAggregation
    public var privacy: Privacy
    public var training: Training
    /// Evaluation by the participants on held-out parts of their own clips, for an
    /// operator without test data (`coordinator run` without `--test-data`); nil for none.
    public var evaluation: FederatedEvaluation?
    public var server: ServerOptimizer
    public var model: Model
    /// Seconds participants have to train and send their first message.
    public var trainingDeadlineSeconds: Double
    /// Seconds each later protocol stage waits for participants before counting
    /// the missing ones as dropouts.
    public var stageDeadlineSeconds: Double
    /// Seconds of silence (no bytes, no heartbeat) after which a connection is dropped.
    public var readTimeoutSeconds: Double
    /// Seconds a new connection has to authenticate (nil: 10).
    public var handshakeTimeoutSeconds: Double?
    /// Connections allowed in their handshake at once; more are closed on arrival (nil: 1024).
    public var maximumPendingHandshakes: Int?

    /// Defaults for a new coordinator whose certificate names `hosts`.
    public static func defaults(hosts: [String]) -> CoordinatorConfig {
        CoordinatorConfig(
            version: formatVersion, hosts: hosts, rounds: 10,
            sampling: Sampling(rate: 1.0, participantsPerRound: nil, minimumConnected: nil, waitSeconds: 300),
            secureAggregation: SecureAggregation(enabled: true, graph: "complete", toleratedDropoutFraction: 0.1,
                                                 toleratedCorruptFraction: 0.1),
            privacy: Privacy(enabled: true, noiseMultiplier: 1.0, clipNorm: 1.0, delta: 1e-5, epsilonBudget: 8.0,
                             accountant: .rdp, minimumSurvivorFraction: 0.6),
            training: Training(epochs: 1, batchSize: 32, learningRate: 0.05, momentum: 0.9),
            server: ServerOptimizer(learningRate: 1.0, momentum: 0),
            model: Model(architecture: .default, seed: 1),
            trainingDeadlineSeconds: 600, stageDeadlineSeconds: 120, readTimeoutSeconds: 60)
    }

    /// Checks ranges and combinations.
    /// - Throws: `ServerError.config` naming the field and the allowed range.
    public func validate(path: String) throws(ServerError) {
        func require(_ ok: Bool, _ field: String, _ expected: String) throws(ServerError) {
            if !ok { throw .config(path: path, reason: "\(field) must be \(expected)") }
        }
        try require(rounds >= 1, "rounds", "at least 1")
        try require((sampling.rate == nil) != (sampling.participantsPerRound == nil), "sampling",
                    "either a rate or participants_per_round, not both")
        if let rate = sampling.rate { try require(rate > 0 && rate <= 1, "sampling.rate", "in (0, 1]") }
        if let count = sampling.participantsPerRound { try require(count >= 2, "sampling.participants_per_round", "at least 2") }
        try require(sampling.waitSeconds >= 0 && sampling.waitSeconds.isFinite, "sampling.wait_seconds", "a finite number of seconds >= 0")
        try require(SecureAggParameters.Graph(name: secureAggregation.graph) != nil, "secure_aggregation.graph", "complete or sparse")
        try require((0..<0.5).contains(secureAggregation.toleratedDropoutFraction), "secure_aggregation.tolerated_dropout_fraction", "in [0, 0.5)")
        try require((0..<0.5).contains(secureAggregation.toleratedCorruptFraction), "secure_aggregation.tolerated_corrupt_fraction", "in [0, 0.5)")
        try require(privacy.clipNorm > 0 && privacy.clipNorm.isFinite, "privacy.clip_norm", "a finite number > 0")
        try require(!privacy.enabled || (privacy.noiseMultiplier > 0 && privacy.noiseMultiplier.isFinite),
                    "privacy.noise_multiplier", "a finite number > 0 with privacy enabled")
        try require(privacy.delta > 0 && privacy.delta < 1, "privacy.delta", "in (0, 1)")
        try require(!privacy.enabled || privacy.accountant == .rdp, "privacy.accountant",
                    "rdp with privacy enabled: the PLD covers the continuous Gaussian only, and rounds add the distributed discrete Gaussian")
        try require(privacy.epsilonBudget > 0, "privacy.epsilon_budget", "> 0")
        try require(privacy.minimumSurvivorFraction > 0 && privacy.minimumSurvivorFraction <= 1,
                    "privacy.minimum_survivor_fraction", "in (0, 1]")
        try require(training.epochs >= 1 && training.batchSize >= 1, "training", "at least 1 epoch and batch size 1")
        try require(training.learningRate > 0 && training.momentum >= 0 && training.momentum < 1, "training",
                    "a positive learning rate and momentum in [0, 1)")
        if let cosineFloor = training.cosineFloor {
            try require(cosineFloor >= 0 && cosineFloor <= 1, "training.cosine_floor", "in [0, 1]")
        }
        if let augmentation = training.augmentation {
            do {
                try augmentation.validate(height: model.architecture.inputHeight, width: model.architecture.inputWidth)
            } catch {
                throw .config(path: path, reason: "training.augmentation: \(error)")
            }
        }
        if training.contribution == .classStatistics {
            try require(model.architecture.isLinear, "training.contribution",
                        "iterative unless model.architecture is linear: statistics are released for a linear head on fixed features")
        }
        if let evaluation {
            do { try evaluation.validate() } catch {
                throw .config(path: path, reason: "evaluation: \(error)")
            }
            try require(evaluation.classes == model.architecture.classes, "evaluation.classes",
                        "the model's \(model.architecture.classes) classes")
        }
        try require(server.learningRate > 0 && server.momentum >= 0 && server.momentum < 1, "server",
                    "a positive learning rate and momentum in [0, 1)")
        try require(trainingDeadlineSeconds > 0 && stageDeadlineSeconds > 0 && readTimeoutSeconds > 0, "deadlines", "> 0 seconds")
        try require((handshakeTimeoutSeconds ?? 1) > 0, "handshake_timeout_seconds", "> 0")
        try require((maximumPendingHandshakes ?? 1) >= 1, "maximum_pending_handshakes", "at least 1")
        do { try model.architecture.validate() } catch {
            throw .config(path: path, reason: "model.architecture: \(error)")
        }
    }

    /// The JSON text of this configuration (pretty, sorted keys, snake_case).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(self)
    }

    /// Parses and validates `config.json`.
    /// - Throws: `ServerError.config` naming the file and what is wrong.
    public static func decode(_ data: Data, path: String) throws(ServerError) -> CoordinatorConfig {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let config: CoordinatorConfig
        do {
            config = try decoder.decode(CoordinatorConfig.self, from: data)
        } catch {
            throw .config(path: path, reason: "not a coordinator configuration: \(error)")
        }
        guard config.version == formatVersion else {
            throw .config(path: path, reason: "version is \(config.version), expected \(formatVersion)")
        }
        try config.validate(path: path)
        return config
    }
}
