import ChorusSupport
import Client
import Foundation
import Logging
import SecureAgg
import Server
import Simulation
import Testing
import TestSupport
import Transport

/// A participant given the wrong coordinator key (or reached by someone else
/// sending plans) ends with an error naming the problem: it never declines or
/// trains on a plan whose signature does not verify.
struct PlanSignatureTests {
    @Test func aPlanNotSignedByTheGivenKeyEndsTheParticipantWithAnError() async throws {
        let fixture = try FederationFixture(participants: 2, rounds: 1)
        let (directory, identities) = try LocalFederation.preparePKI(at: fixture.directory.url, participants: 2)
        let logger = { var logger = Logger(label: "test.plan-signature"); logger.logLevel = .error; return logger }()
        let data = fixture.data()
        let setup = CoordinatorSetup(directory: directory, config: fixture.options.config,
                                     outputDirectory: fixture.directory.url, testSet: nil, labelNames: data.labelNames,
                                     host: "127.0.0.1", port: 0, softwareVersion: "test")
        let coordinator = try await Coordinator.start(setup, logger: logger)
        let ca = try Certificate.load(from: directory.caCertificateURL)
        let wrongKey = try Ed25519SigningKey.generate().publicKey
        let outcomes = try await withThrowingTaskGroup(of: ClientError?.self) { group in
            for index in 0..<2 {
                let configuration = ParticipantConfiguration(
                    host: "127.0.0.1", port: coordinator.port, identity: identities[index], trustedCA: ca,
                    coordinatorKey: wrongKey, data: data.shards[index], policy: fixture.options.participantPolicy)
                group.addTask {
                    do throws(ClientError) {
                        _ = try await Participant(configuration: configuration, logger: logger).run()
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            // Both participants leave on the first plan; the one round aborts and the run ends.
            let rounds = try await coordinator.run().rounds
            #expect(rounds.map(\.outcome) != [.completed])
            return try await group.reduce(into: [ClientError?]()) { $0.append($1) }
        }
        for outcome in outcomes {
            guard case .planSignature(let round)? = outcome else {
                Issue.record("expected the plan-signature error, got \(String(describing: outcome))")
                continue
            }
            #expect(round == 1)
            #expect(outcome?.description.contains("--coordinator-key") == true)
        }
    }
}
