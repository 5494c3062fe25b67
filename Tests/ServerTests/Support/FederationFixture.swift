import Client
import Foundation
import Logging
import ML
import Server
import Simulation
import Synchronization
import TestSupport

/// A tiny federation for end-to-end tests: a 16×16 CNN, four random segments
/// per participant, DP off unless asked, deadlines of seconds.
struct FederationFixture {
    static let architecture = Architecture(inputHeight: 16, inputWidth: 16, convolutionChannels: [2], denseWidth: 4,
                                           dropout: 0, classes: 10)
    let directory: TemporaryDirectory
    var options: SimulationOptions
    let updates = Recorder<[Int: [UInt32]]>([:])
    let aggregates = Recorder<[(round: UInt64, sum: [UInt32], survivors: [UInt32])]>([])
    let events = Recorder<[(Int, ParticipantEvent)]>([])

    init(participants: Int, rounds: Int, privacy: Bool = false, directory: TemporaryDirectory? = nil) throws {
        self.directory = try directory ?? TemporaryDirectory(prefix: "chorus-federation")
        options = SimulationOptions(participants: participants, rounds: rounds, architecture: Self.architecture,
                                    outputDirectory: self.directory.url)
        options.config.privacy.enabled = privacy
        options.participantPolicy.allowsNoPrivacy = !privacy  // the fixture's runs without DP opt in explicitly
        options.config.privacy.epsilonBudget = 50
        options.config.training.batchSize = 4
        options.config.training.learningRate = 0.01
        options.config.trainingDeadlineSeconds = TestTimeScale.seconds(60)
        options.config.stageDeadlineSeconds = TestTimeScale.seconds(10)
        options.config.sampling.waitSeconds = TestTimeScale.seconds(10)
        let updates = self.updates, events = self.events, aggregates = self.aggregates
        options.participantObserver = { index, event in
            events.update { $0.append((index, event)) }
            if case let .update(_, update) = event { updates.update { $0[index] = update.vector } }
        }
        options.coordinatorObserver = { event in
            if case let .aggregate(round, sum, survivors) = event {
                aggregates.update { $0.append((round, sum, survivors)) }
            }
        }
    }

    /// Four random segments per participant.
    func data() -> FederatedData {
        FederatedData.random(participants: options.participants, segments: 4, architecture: Self.architecture, seed: 3)
    }

    func run(data: FederatedData? = nil) async throws -> SimulationResult {
        let data = data ?? self.data()
        var logger = Logger(label: "test.federation")
        logger.logLevel = .error
        return try await LocalFederation.run(options, data: data, softwareVersion: "test", logger: logger)
    }
}

/// A value several tasks update under a lock.
final class Recorder<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ initial: Value) {
        value = Mutex(initial)
    }

    func update(_ body: (inout Value) -> Void) {
        value.withLock { body(&$0) }
    }

    var current: Value { value.withLock { $0 } }
}
