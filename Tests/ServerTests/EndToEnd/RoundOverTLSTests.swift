import Audit
import ChorusSupport
import Client
import DifferentialPrivacy
import Federation
import Foundation
import Logging
import ML
import SecureAgg
import Server
import Simulation
import Testing
import TestSupport
import Transport

/// Whole rounds over loopback TLS 1.3 with the real coordinator and participants.
struct RoundOverTLSTests {
    /// A participant that leaves at any point of the secure-aggregation round
    /// leaves a round that still completes, and the unmasked sum is exactly the
    /// plain FedAvg sum (mod 2^32) of the quantized updates of those whose masked
    /// vectors arrived (DP off). Dropping after the masked input keeps that
    /// participant's update in the sum.
    @Test(arguments: DropoutPoint.allCases)
    func roundSurvivesADropoutAndUnmasksTheSurvivorsSum(point: DropoutPoint) async throws {
        var fixture = try FederationFixture(participants: 5, rounds: 1)
        fixture.options.dropoutRules = [.never, .never, .never, .never, .always(point)]
        let result = try await fixture.run()

        #expect(result.rounds.count == 1)
        #expect(result.rounds.first?.outcome == .completed, "dropout \(point)")
        let aggregate = try #require(fixture.aggregates.current.first)
        let keptDropper = point == .afterMaskedInput || point == .afterConsistency
        #expect(aggregate.survivors == (keptDropper ? [0, 1, 2, 3, 4] : [0, 1, 2, 3]))
        let updates = fixture.updates.current
        var expected = [UInt32](repeating: 0, count: aggregate.sum.count)
        for survivor in aggregate.survivors {
            let update = try #require(updates[Int(survivor)], "update of participant \(survivor)")
            for index in expected.indices { expected[index] &+= update[index] }
        }
        #expect(aggregate.sum == expected)
    }

    @Test func unenrolledKeyIsRefusedAtTheHandshake() async throws {
        let directory = try TemporaryDirectory(prefix: "chorus-unenrolled")
        let (coordinatorDirectory, identities) = try LocalFederation.preparePKI(at: directory.url, participants: 2)
        let fixture = try FederationFixture(participants: 2, rounds: 1, directory: directory)
        let setup = CoordinatorSetup(directory: coordinatorDirectory, config: fixture.options.config,
                                     outputDirectory: directory.url, testSet: nil, labelNames: [], host: "127.0.0.1",
                                     port: 0, softwareVersion: "test")
        let coordinator = try await Coordinator.start(setup, logger: .init(label: "test"))
        let ca = try Certificate.load(from: coordinatorDirectory.caCertificateURL)
        let options = TransportOptions(limits: FederationWire.frameLimits(dimension: 10, participants: 2))
        let stranger = try Ed25519SigningKey.generate()
        await #expect(throws: TransportError.self) {
            _ = try await TransportClient.connect(host: "127.0.0.1", port: coordinator.port,
                                                  tls: ClientTLSConfiguration(identity: stranger, trustedCA: ca),
                                                  options: options, logger: .init(label: "test"))
        }
        // The same server accepts an enrolled key, so the refusal above is about the key.
        let enrolled = try await TransportClient.connect(
            host: "127.0.0.1", port: coordinator.port,
            tls: ClientTLSConfiguration(identity: identities[0], trustedCA: ca), options: options, logger: .init(label: "test"))
        await enrolled.close()
        await coordinator.shutdown()
    }

    @Test func participantDeclinesAPlanBeyondItsEpsilonAndTheReportVerifies() async throws {
        // Five members so that t = 3 holders still leave t + 1 sharers after one decline.
        var fixture = try FederationFixture(participants: 5, rounds: 1, privacy: true)
        fixture.options.policies = [ParticipantPolicy(), ParticipantPolicy(), ParticipantPolicy(), ParticipantPolicy(),
                                    ParticipantPolicy(maximumEpsilon: 0.01)]
        let result = try await fixture.run()

        let declines = fixture.events.current.compactMap { index, event -> String? in
            if case let .declined(_, reason) = event, index == 4 { return reason }
            return nil
        }
        #expect(declines.count == 1)
        #expect(declines.first?.contains("above this participant's maximum 0.01") == true)
        #expect(result.rounds.first?.outcome == .completed)
        #expect(fixture.aggregates.current.first?.survivors == [0, 1, 2, 3])

        let key = try Ed25519PublicKey(rawRepresentation: #require(Hex.decode(result.coordinatorKey)))
        let verification = ReportVerifier.verify(try AtomicFile.read(result.reportURL), coordinatorKey: key)
        #expect(verification.firstProblem == nil)
        #expect(verification.rounds.map(\.round) == [1])
        #expect(verification.rounds.first?.survivors == [0, 1, 2, 3])
        #expect(verification.rounds.first?.sampled == [0, 1, 2, 3, 4])
        // The run declares the sampling it really did (rate 1 over the roster of 5: no
        // amplification), every quantity a round releases, and the round has no PLD
        // epsilon (the PLD does not hold for the discrete Gaussian).
        let run = try #require(verification.run)
        #expect(run.sampling == ReportSampling(.poisson(rate: 1), rosterSize: 5))
        #expect(run.privacy.neighbouringRelation == "add_or_remove_one")
        #expect(run.privacy.releasedPerRound == PrivacyRunHeader.released)
        #expect(verification.rounds.first?.privacy.population == 5 && verification.rounds.first?.privacy.epsilonPLD == nil)
    }

    /// A participant whose local update cannot be computed (here: segments of
    /// another shape than the model's input) declines the round, stays connected,
    /// and the round completes without it.
    @Test func participantThatCannotTrainDeclinesAndTheRoundGoesOn() async throws {
        let fixture = try FederationFixture(participants: 5, rounds: 2)
        var data = fixture.data()
        data.shards[4] = FederatedData.random(participants: 1, segments: 2, architecture: PlanFixtureShape.other, seed: 1).shards[0]
        let result = try await fixture.run(data: data)
        #expect(result.rounds.map(\.outcome) == [.completed, .completed])
        #expect(fixture.aggregates.current.map(\.survivors) == [[0, 1, 2, 3], [0, 1, 2, 3]])
        let declines = fixture.events.current.filter { index, event in
            if case let .declined(_, reason) = event { return index == 4 && reason.hasPrefix("cannot compute an update") }
            return false
        }
        #expect(declines.count == 2)
    }

    @Test func roundBeyondTheEpsilonBudgetIsRefused() async throws {
        var fixture = try FederationFixture(participants: 3, rounds: 2, privacy: true)
        fixture.options.config.privacy.epsilonBudget = 0.5
        let result = try await fixture.run()
        #expect(result.rounds.isEmpty)
        #expect(result.stopReason?.contains("above the budget 0.5") == true)
    }
}

/// An input shape the fixture's model does not take.
enum PlanFixtureShape {
    static let other = Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [2], denseWidth: 4, dropout: 0,
                                    classes: 10)
}
