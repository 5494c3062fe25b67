import ArgumentParser
import DifferentialPrivacy
import Federation
import ML
import Server
import Simulation

/// On or off, for `--secagg` and `--dp`.
enum Switch: String, ExpressibleByArgument, CaseIterable {
    case on, off
}

/// Models: DESIGN.md's CNN, smaller CNNs for tests and demos, or the linear
/// classifier on band statistics that differential privacy with few participants needs.
enum ArchitectureChoice: String, ExpressibleByArgument, CaseIterable {
    case tiny, small, `default`, linear

    var architecture: Architecture {
        switch self {
        case .tiny: .tiny
        case .small: SimulationArchitecture.small
        case .default: .default
        case .linear: .statisticsLinear
        }
    }
}

extension Contribution: ExpressibleByArgument {}

/// The round settings `chorus simulate` and `chorus coordinator run` share;
/// each given option overrides the coordinator configuration's field.
struct FederationOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Rounds to run (required by simulate; coordinator run defaults to config.json's rounds).")
    var rounds: Int?

    @Option(help: "Secure aggregation: on (masked sums) or off (updates in the clear, the FedAvg baseline).")
    var secagg: Switch?

    @Option(help: "Secure-aggregation graph: complete (SecAgg: everyone masks with everyone) or sparse (SecAgg+: a random k-regular graph).")
    var graph: GraphChoice?

    @Option(help: "Differential privacy: on (distributed discrete Gaussian noise) or off (quantization only).")
    var dp: Switch?

    @Option(parsing: .unconditional, help: "Noise multiplier z: noise std over the clip norm when the planned survivors add their shares.")
    var noiseMultiplier: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Calibrate the noise multiplier z so that the run's rounds stay at or below this epsilon (at --delta), accounted as the coordinator will, with only the fewest accepted contributors adding noise; also sets --epsilon-budget.",
        valueName: "epsilon"))
    var targetEpsilon: Double?

    @Option(help: ArgumentHelp(
        "What participants release: iterative (trained updates each round, the default) or statistics (once: per-class sums of their normalized features, for a linear head on fixed features; the coordinator builds a cosine nearest-class-mean classifier from the summed statistics).",
        valueName: "mode"))
    var dpMode: Contribution?

    @Option(parsing: .unconditional, help: "L2 clip norm C of each update.")
    var clip: Double?

    @Option(parsing: .unconditional, help: "Poisson sampling rate q of participants per round, 0 < q <= 1.")
    var samplingRate: Double?

    @Option(parsing: .unconditional, help: "A fixed number of participants per round (instead of --sampling-rate).")
    var participantsPerRound: Int?

    @Option(parsing: .unconditional, help: "Largest epsilon the run may reach; no round starts that would pass it.")
    var epsilonBudget: Double?

    @Option(parsing: .unconditional, help: "Delta at which epsilon is stated.")
    var delta: Double?

    @Option(help: "Accountant held to the budget: rdp or pld.")
    var accountant: AccountantKind?

    @Option(parsing: .unconditional, help: "Local training epochs E per round.")
    var epochs: Int?

    @Option(parsing: .unconditional, help: "Local mini-batch size.")
    var batch: Int?

    @Option(help: "Local update rule: sgd (with momentum) or adam (fresh moments each round).")
    var localOptimizer: CoordinatorConfig.Training.Rule?

    @Option(parsing: .unconditional, help: "Local learning rate (of SGD or Adam).")
    var learningRate: Float?

    @Option(parsing: .unconditional, help: "Decay the local learning rate over the rounds by a cosine down to this fraction of it (0...1).")
    var cosineFloor: Float?

    @Option(parsing: .unconditional, help: "Server learning rate applied to the average update.")
    var serverLearningRate: Float?

    @Option(parsing: .unconditional, help: "Server momentum (0: plain FedAvg).")
    var serverMomentum: Float?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds to wait before each round for every enrolled participant to connect; after them, a round starts with those connected (at least 2).",
        valueName: "seconds"))
    var waitSeconds: Double?

    @Option(parsing: .unconditional, help: "Seconds participants have to train and send their first message.")
    var trainingDeadline: Double?

    @Option(parsing: .unconditional, help: "Seconds each later stage waits before counting silent participants as dropouts.")
    var stageDeadline: Double?

    /// Writes each given option into `config`.
    func apply(to config: inout CoordinatorConfig) {
        if let rounds { config.rounds = rounds }
        if let secagg { config.secureAggregation.enabled = secagg == .on }
        if let graph { config.secureAggregation.graph = graph.graph.name }
        if let dp { config.privacy.enabled = dp == .on }
        if let noiseMultiplier { config.privacy.noiseMultiplier = noiseMultiplier }
        if let clip { config.privacy.clipNorm = clip }
        if let samplingRate {
            config.sampling.rate = samplingRate
            config.sampling.participantsPerRound = nil
        }
        if let participantsPerRound {
            config.sampling.participantsPerRound = participantsPerRound
            config.sampling.rate = nil
        }
        if let epsilonBudget { config.privacy.epsilonBudget = epsilonBudget }
        if let delta { config.privacy.delta = delta }
        if let accountant { config.privacy.accountant = accountant }
        if let epochs { config.training.epochs = epochs }
        if let batch { config.training.batchSize = batch }
        if let localOptimizer { config.training.rule = localOptimizer }
        if let learningRate { config.training.learningRate = learningRate }
        if let cosineFloor { config.training.cosineFloor = cosineFloor }
        if let serverLearningRate { config.server.learningRate = serverLearningRate }
        if let serverMomentum { config.server.momentum = serverMomentum }
        if let waitSeconds { config.sampling.waitSeconds = waitSeconds }
        if let trainingDeadline { config.trainingDeadlineSeconds = trainingDeadline }
        if let stageDeadline { config.stageDeadlineSeconds = stageDeadline }
        if let dpMode { config.training.contribution = dpMode }
    }

    /// With --target-epsilon, calibrates `config`'s noise for its rounds over
    /// `rosterSize` enrolled participants (after `apply(to:)`).
    /// - Throws: a `ValidationError` for a contradictory combination, or the calibration's error.
    func calibrate(_ config: inout CoordinatorConfig, rosterSize: Int) throws {
        guard let targetEpsilon else { return }
        guard targetEpsilon > 0, targetEpsilon.isFinite else {
            throw ValidationError("--target-epsilon is \(targetEpsilon); pass a finite epsilon > 0.")
        }
        guard dp != .off, noiseMultiplier == nil, epsilonBudget == nil else {
            throw ValidationError("--target-epsilon sets the noise multiplier and the epsilon budget with DP on; drop --dp off, --noise-multiplier and --epsilon-budget.")
        }
        try config.calibrateNoise(targetEpsilon: targetEpsilon, rosterSize: rosterSize)
    }

    /// Checks the resulting configuration, turning its complaint into a usage error.
    func validated(_ config: CoordinatorConfig) throws -> CoordinatorConfig {
        do {
            try config.validate(path: "options")
        } catch {
            throw ValidationError("\(error)")
        }
        return config
    }
}
