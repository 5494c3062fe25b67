import Federation
import Foundation
import Logging
import Server
import Simulation
import Testing
import TestSupport
import Transport

/// An in-process federation whose participants have all stopped ends with an
/// error saying so, instead of its coordinator waiting for them forever.
struct EveryParticipantStoppedTests {
    @Test func aSimulationWhoseParticipantsAllStopEndsWithAnErrorNamingThem() async throws {
        var fixture = try FederationFixture(participants: 2, rounds: 2)
        // A third enrolled identity that never connects keeps the coordinator waiting for participants.
        _ = try LocalFederation.preparePKI(at: fixture.directory.url, participants: 3)
        fixture.options.config.sampling.waitSeconds = 600
        let url = fixture.directory.url
        let fixtureCopy = fixture
        async let outcome = within(seconds: 60) { () -> String in
            do {
                _ = try await fixtureCopy.run()
                return "the run ended without an error"
            } catch let error as SimulationError {
                return "\(error)"
            }
        }
        // Once both simulated participants are connected, a second connection with each one's key
        // replaces it: the coordinator closes the simulated one, which then stops for good.
        let status = try #require(try await within(seconds: 60) { () -> CoordinatorStatus in
            while true {
                if let status = try? CoordinatorStatus.load(from: url), status.connected == 2 { return status }
                try await Task.sleep(for: .milliseconds(20))
            }
        })
        let port = try #require(status.address.split(separator: ":").last.flatMap { Int($0) })
        let ca = try Certificate.load(from: CoordinatorDirectory(url: url.appendingPathComponent("coordinator")).caCertificateURL)
        var impostors: [TransportConnection] = []
        for name in ["p0000", "p0001"] {
            let identity = try IdentityDirectory(url: url.appendingPathComponent("participants/\(name)")).load()
            impostors.append(try await TransportClient.connect(
                host: "127.0.0.1", port: port, tls: ClientTLSConfiguration(identity: identity, trustedCA: ca),
                options: TransportOptions(limits: FederationWire.frameLimits(dimension: 1 << 16, participants: 16)),
                logger: Logger(label: "test.impostor", factory: { _ in SwiftLogNoOpLogHandler() })))
        }
        let message = try #require(try await outcome, "the simulation still waits for its stopped participants")
        for connection in impostors { await connection.close() }
        #expect(message.contains("every simulated participant stopped before the run ended"))
        #expect(message.contains("participant 0:") && message.contains("participant 1:"))
        #expect(message.contains("another process connected with the same participant key"))
        #expect(message.contains("0 rounds are applied and checkpointed in \(url.path)"))
    }
}
