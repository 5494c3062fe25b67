import Audit
import ChorusSupport
import DifferentialPrivacy
import Federation
import Foundation
import ML
import SecureAgg
import Server
import Simulation
import Testing
import TestSupport
import Transport

/// `--dp-mode statistics` over loopback TLS: participants release class
/// statistics once, summed under secure aggregation, and the coordinator's
/// model is the nearest-class-mean classifier of the sum.
struct StatisticsRoundTests {
    static let architecture = Architecture(inputHeight: 16, inputWidth: 16, convolutionChannels: [], denseWidth: 0,
                                           dropout: 0, classes: 10, frontEnd: .bandStatistics(bandsPerGroup: 2))

    static func fixture(participants: Int, privacy: Bool) throws -> FederationFixture {
        var fixture = try FederationFixture(participants: participants, rounds: 1, privacy: privacy)
        fixture.options.config.model.architecture = architecture
        fixture.options.config.training.contribution = .classStatistics
        return fixture
    }

    static func data(participants: Int) -> FederatedData {
        FederatedData.random(participants: participants, segments: 6, architecture: architecture, seed: 11)
    }

    /// With DP off (quantization only, a clip no participant reaches) the model
    /// is the classifier of the plain sum of the participants' statistics, to
    /// the quantization's precision, and predicts exactly as it does.
    @Test func noiselessStatisticsRoundBuildsThePlainClassifier() async throws {
        var fixture = try Self.fixture(participants: 4, privacy: false)
        fixture.options.config.privacy.clipNorm = 100
        let data = Self.data(participants: 4)
        let result = try await fixture.run(data: data)
        #expect(result.rounds.map(\.outcome) == [.completed])

        var sum = [Float](repeating: 0, count: Self.architecture.parameterCount)
        for shard in data.shards {
            let statistics = try ClassStatistics.of(try #require(shard), architecture: Self.architecture)
            for index in sum.indices { sum[index] += statistics[index] }
        }
        let plain = try ClassStatistics.classifier(from: sum, architecture: Self.architecture)
        let federated = try ModelFile.load(from: result.modelURL).network
        // Quantization with C = 100 on 32 bits: steps near 1e-6 of a sum of order 1.
        for (a, b) in zip(federated.parameters, plain) { #expect(abs(a - b) <= 1e-3 * max(1, abs(b))) }
        func predictions(_ network: Network, _ set: FeatureSet) throws -> [Int] {
            let probabilities = try Evaluator.probabilities(network, on: set)
            return (0..<set.count).map { s in (0..<10).max { probabilities[s * 10 + $0] < probabilities[s * 10 + $1] } ?? -1 }
        }
        for shard in data.shards {
            let set = try #require(shard)
            #expect(try predictions(federated, set) == predictions(try Network(architecture: Self.architecture, parameters: plain), set))
        }
    }

    /// `--target-epsilon` calibrates z so that the run, accounted as the
    /// coordinator accounts it with only the fewest accepted contributors
    /// (3 of 5 here) adding noise, reaches the target at most; the epsilon the
    /// run reports is the accountant's for that z and the 5 that contributed,
    /// and the auditor recomputes it from the signed report.
    @Test func calibratedStatisticsRoundReportsTheAccountantsEpsilonAndVerifies() async throws {
        var fixture = try Self.fixture(participants: 5, privacy: true)
        fixture.options.config.privacy.clipNorm = 5
        let calibrated = try fixture.options.config.calibrateNoise(targetEpsilon: 3, rosterSize: 5)
        #expect(calibrated <= 3 && calibrated > 2.9)
        let z = fixture.options.config.privacy.noiseMultiplier
        let result = try await fixture.run(data: Self.data(participants: 5))
        #expect(result.rounds.map(\.outcome) == [.completed])

        let run = try RunParameters(config: fixture.options.config, rosterSize: 5)
        let mechanism = try run.mechanism(dimension: Self.architecture.parameterCount)
        #expect(mechanism.noiseMultiplier == z)
        var accountant = PrivacyAccountant()
        try accountant.addRound(of: mechanism, sampling: .poisson(rate: 1), noisySurvivors: 5)
        let expected = try accountant.epsilon(delta: fixture.options.config.privacy.delta, accountant: .rdp)
        let reported = try #require(result.rounds.last?.epsilon)
        #expect(abs(reported - expected) <= 1e-9 * expected)
        #expect(reported <= calibrated)
        var worstCase = PrivacyAccountant()
        try worstCase.addRound(of: mechanism, sampling: .poisson(rate: 1), noisySurvivors: run.minimumSurvivors)
        #expect(run.minimumSurvivors == 3)
        #expect(abs(try worstCase.epsilon(delta: fixture.options.config.privacy.delta, accountant: .rdp) - calibrated) <= 1e-9 * calibrated)

        let key = try Ed25519PublicKey(rawRepresentation: #require(Hex.decode(result.coordinatorKey)))
        let verification = ReportVerifier.verify(try AtomicFile.read(result.reportURL), coordinatorKey: key)
        #expect(verification.firstProblem == nil)
        #expect(verification.rounds.last?.privacy.epsilonRDP == reported)
        #expect(verification.rounds.last?.privacy.plannedNoiseMultiplier == z)
        // The signed run record says the participants released class statistics, not model updates.
        #expect(verification.run?.privacy.releasedPerRound == PrivacyRunHeader.releasedAsStatistics)
    }

    @Test func statisticsNeedALinearHead() throws {
        var config = CoordinatorConfig.defaults(hosts: [])
        config.training.contribution = .classStatistics
        #expect(throws: ServerError.self) { try config.validate(path: "config.json") }
        config.model.architecture = .statisticsLinear
        try config.validate(path: "config.json")
    }
}
