import Federation
import Foundation
import Logging
import Server
import Simulation
import Testing
import TestSupport
import Transport

/// An in-process federation whose participants have all stopped ends with an
/// error saying so, instead of its coordinator waiting for them forever; one
/// whose caller is cancelled ends too.
struct EveryParticipantStoppedTests {
    @Test func aSimulationWhoseParticipantsAllStopEndsWithAnErrorNamingThem() async throws {
        let fixture = try Self.waitingFixture()
        let url = fixture.directory.url
        async let outcome = within(seconds: 60) { () -> String in
            do {
                _ = try await fixture.run()
                return "the run ended without an error"
            } catch let error as SimulationError {
                return "\(error)"
            }
        }
        // Once both simulated participants are connected, a second connection with each one's key
        // replaces it: the coordinator closes the simulated one, which then stops for good.
        let status = try await Self.bothConnected(in: url)
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

    /// A run that ends well ends every participant well: each reads the coordinator's last
    /// notice and is not stopped as a straggler when the coordinator's task ends (three runs:
    /// stopping them at once failed about one run in five).
    @Test(arguments: 1...3) func aRunThatEndsWellEndsEveryParticipantWithItsSummary(run: Int) async throws {
        let fixture = try FederationFixture(participants: 8, rounds: 2)
        let result = try await fixture.run()
        #expect(result.appliedRounds == 2)
        let failures = result.participants.compactMap { outcome -> String? in
            if case .failure(let error) = outcome { return "\(error)" }
            return nil
        }
        #expect(result.participants.count == 8)
        #expect(failures.isEmpty, "run \(run): \(failures)")
    }

    /// Cancelling the caller's task stops the coordinator and the participants and ends the run.
    @Test func cancellingASimulationEndsItWithACancellation() async throws {
        let fixture = try Self.waitingFixture()
        let run = Task { try await fixture.run() }
        _ = try await Self.bothConnected(in: fixture.directory.url)
        run.cancel()
        let ending = try await within(seconds: 60) { () -> String in
            do {
                _ = try await run.value
                return "the run ended without an error"
            } catch is CancellationError {
                return "cancelled"
            }
        }
        #expect(ending == "cancelled")
    }

    /// Two simulated participants, and a third enrolled identity that never connects: the
    /// coordinator waits (ten minutes) for it before its first round.
    private static func waitingFixture() throws -> FederationFixture {
        var fixture = try FederationFixture(participants: 2, rounds: 2)
        _ = try LocalFederation.preparePKI(at: fixture.directory.url, participants: 3)
        fixture.options.config.sampling.waitSeconds = 600
        return fixture
    }

    /// The coordinator's status once both simulated participants are connected.
    private static func bothConnected(in directory: URL) async throws -> CoordinatorStatus {
        try #require(try await within(seconds: 60) { () -> CoordinatorStatus in
            while true {
                if let status = try? CoordinatorStatus.load(from: directory), status.connected == 2 { return status }
                try await Task.sleep(for: .milliseconds(20))
            }
        })
    }
}
