import Client
import Foundation
import ML
import Server

/// The settings of `chorus simulate` (and of benchmarks and end-to-end tests
/// that run the same federation).
public struct SimulationOptions: Sendable {
    public var participants: Int
    /// Where the coordinator, identities, features, model, checkpoint and report go.
    public var outputDirectory: URL
    /// The coordinator's configuration (rounds, sampling, secure aggregation, DP, training).
    public var config: CoordinatorConfig
    /// Probability that a participant drops out of a round, at a random stage.
    public var dropout = 0.0
    /// Seed of the dropout draws.
    public var seed: UInt64 = 1
    /// Per-participant dropout rules, overriding `dropout` (tests).
    package var dropoutRules: [DropoutRule]?
    /// Per-participant policies, overriding `participantPolicy` (tests).
    public var policies: [ParticipantPolicy]?
    /// The policy of every simulated participant. Rounds without secure aggregation
    /// or without DP are declined unless the caller opts in (`allowsPlainUpdates`,
    /// `allowsNoPrivacy`), as on separate hosts. Simulated participants put no cap on
    /// their own epsilon by default: a simulation studies the run's budget
    /// (`config.privacy.epsilonBudget`), which the coordinator enforces. They accept the
    /// sparse graph: the simulation's coordinator is the caller's own, drawing each
    /// graph seed from libsodium, not an untrusted host that could grind it.
    public var participantPolicy = ParticipantPolicy(maximumEpsilon: .infinity, allowsSparseGraph: true)
    /// Watchers of each participant's events (by index) and of the coordinator.
    public var participantObserver: (@Sendable (Int, ParticipantEvent) -> Void)?
    public var coordinatorObserver: (@Sendable (CoordinatorEvent) -> Void)?

    /// A federation of `participants` running `rounds` rounds of `architecture`,
    /// with the coordinator defaults (secure aggregation and DP on) and shorter
    /// waits suited to one machine.
    public init(participants: Int, rounds: Int, architecture: Architecture, outputDirectory: URL) {
        self.participants = participants
        self.outputDirectory = outputDirectory
        config = CoordinatorConfig.defaults(hosts: [])
        config.rounds = rounds
        config.model.architecture = architecture
        config.training.batchSize = 16
        config.sampling.waitSeconds = 60
        config.stageDeadlineSeconds = 60
    }
}

/// Model sizes for simulations.
public enum SimulationArchitecture {
    /// A small CNN on the full 128×130 input (4, 8, 8, 8 channels, dense 16,
    /// about ten thousand parameters) for tests and quick demonstrations.
    public static let small = Architecture(inputHeight: 128, inputWidth: 130, convolutionChannels: [4, 8, 8, 8],
                                           denseWidth: 16, dropout: 0, classes: 10)
}
