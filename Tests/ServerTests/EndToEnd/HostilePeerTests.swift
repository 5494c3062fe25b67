import Client
import Federation
import Foundation
import Logging
import SecureAgg
import Server
import Simulation
import Testing
import TestSupport
import Transport

struct HostilePeerTests {
    /// An enrolled participant that answers its plan with garbage is dropped
    /// (connection closed, reason logged); the coordinator carries on and the
    /// round completes with the others.
    @Test func malformedFrameDropsOnlyItsSenderAndTheRoundCompletes() async throws {
        let fixture = try FederationFixture(participants: 5, rounds: 1)
        let (directory, identities) = try LocalFederation.preparePKI(at: fixture.directory.url, participants: 5)
        let aggregates = fixture.aggregates
        let logger = { var logger = Logger(label: "test.hostile"); logger.logLevel = .error; return logger }()
        let setup = CoordinatorSetup(directory: directory, config: fixture.options.config,
                                     outputDirectory: fixture.directory.url, testSet: nil,
                                     labelNames: FederatedData.random(participants: 1, segments: 1,
                                                                      architecture: FederationFixture.architecture, seed: 1).labelNames,
                                     host: "127.0.0.1", port: 0, softwareVersion: "test",
                                     observer: fixture.options.coordinatorObserver)
        let coordinator = try await Coordinator.start(setup, logger: logger)
        let ca = try Certificate.load(from: directory.caCertificateURL)
        let signing = try IdentityPublicKey(rawRepresentation: directory.signingIdentity().publicKey.rawRepresentation)
        let data = FederatedData.random(participants: 4, segments: 4, architecture: FederationFixture.architecture, seed: 2)

        let result = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<4 {
                let configuration = ParticipantConfiguration(
                    host: "127.0.0.1", port: coordinator.port, identity: identities[index], trustedCA: ca,
                    coordinatorKey: signing, data: data.shards[index], policy: ParticipantPolicy(allowsPlainUpdates: true))
                group.addTask {
                    _ = try await Participant(configuration: configuration, logger: logger).run()
                    return false
                }
            }
            let port = coordinator.port
            group.addTask {
                let connection = try await TransportClient.connect(
                    host: "127.0.0.1", port: port, tls: ClientTLSConfiguration(identity: identities[4], trustedCA: ca),
                    options: TransportOptions(limits: FederationWire.frameLimits(dimension: 1 << 16, participants: 16)),
                    logger: logger)
                var sentGarbage = false
                do {
                    for try await frame in connection.frames where frame.type == FrameKind.plan.rawValue {
                        try await connection.send(Frame(type: FrameKind.secureAggClient.rawValue, round: frame.round,
                                                        payload: [1, 0, 0xde, 0xad, 0xbe, 0xef]))
                        sentGarbage = true
                    }
                } catch {
                    // The coordinator closing on us ends the stream either way.
                }
                return sentGarbage
            }
            let outcome = try await coordinator.run()
            var hostileSent = false
            for try await sent in group { hostileSent = hostileSent || sent }
            return (outcome, hostileSent)
        }
        #expect(result.1, "the hostile peer got a plan and answered it with garbage")
        #expect(result.0.rounds.first?.outcome == .completed)
        #expect(aggregates.current.first?.survivors == [0, 1, 2, 3])
    }
}
