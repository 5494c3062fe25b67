import Foundation
import Testing
import TestSupport

/// The operator's roster and run-state commands: `coordinator participants
/// list|revoke` and `coordinator status`, run as an operator runs them.
struct ParticipantsStatusCommandTests {
    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try ChorusProcess.run(arguments + ["--json"])
        try #require(result.status == 0, "chorus \(arguments.joined(separator: " ")): \(result.stderr)")
        return try LoopbackFederation.json(result.stdout)
    }

    /// What must hold: a revoked key is listed as revoked and refused at the next
    /// start with the not-enrolled remedy, the others keep their ids, and
    /// enrolling it again restores it in its old place.
    @Test func revokedParticipantIsRefusedUntilEnrolledAgain() throws {
        let federation = try LoopbackFederation(participants: 3)
        let dir = federation.coordinatorDirectory
        let listed = try #require(try json(["coordinator", "participants", "list", "--dir", dir])["participants"] as? [[String: Any]])
        #expect(listed.map { $0["id"] as? Int } == [0, 1, 2])
        let revokedKey = try #require(listed[1]["public_key"] as? String)

        let revoked = try json(["coordinator", "participants", "revoke", "--dir", dir, "--participant", revokedKey])
        #expect(revoked["enrolled"] as? Int == 2)
        let after = try json(["coordinator", "participants", "list", "--dir", dir])
        let entries = try #require(after["participants"] as? [[String: Any]])
        #expect(entries.map { $0["revoked"] as? Bool } == [false, true, false])
        #expect(entries.map { $0["public_key"] as? String } == listed.map { $0["public_key"] as? String })
        let twice = try ChorusProcess.run(["coordinator", "participants", "revoke", "--dir", dir, "--participant", revokedKey])
        #expect(twice.status != 0 && twice.stderr.contains("is not enrolled"), "\(twice.stderr)")

        let (coordinator, port) = try federation.startCoordinator(rounds: 1)
        defer { coordinator.kill() }
        let refused = try ChorusProcess.run(federation.joinArguments(1, port: port))
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("this identity is not enrolled at the coordinator"), "\(refused.stderr)")
        coordinator.kill()
        _ = coordinator.wait()

        let again = try json(["coordinator", "enroll", "--dir", dir, "--participant", federation.temporary.file("me1/identity.pub").path])
        #expect(again["participants"] as? Int == 3)
        let restored = try #require(try json(["coordinator", "participants", "list", "--dir", dir])["participants"] as? [[String: Any]])
        #expect(restored.map { $0["revoked"] as? Bool } == [false, false, false])
        #expect(restored[1]["public_key"] as? String == revokedKey)
    }

    /// What must hold: while the coordinator waits, status says so with the
    /// participants connected; after the run it says finished, one round
    /// applied, epsilon spent and the last accuracy; a killed run shows as stopped.
    @Test func statusFollowsARunFromWaitingToFinished() throws {
        let federation = try LoopbackFederation(participants: 3)
        let dir = federation.coordinatorDirectory
        let none = try ChorusProcess.run(["coordinator", "status", "--dir", dir])
        #expect(none.status != 0 && none.stderr.contains("no run has started"), "\(none.stderr)")

        let (coordinator, port) = try federation.startCoordinator(rounds: 1)
        defer { coordinator.kill() }
        #expect(coordinator.waitForStandardError(containing: "waiting for participants", timeout: TestTimeScale.seconds(30)))
        let waiting = try json(["coordinator", "status", "--dir", dir])
        #expect(waiting["phase"] as? String == "waiting", "\(waiting)")
        #expect(waiting["enrolled"] as? Int == 3 && waiting["connected"] as? Int == 0, "\(waiting)")
        #expect(waiting["applied_rounds"] as? Int == 0)

        let participants = try (0..<3).map { try ChorusProcess.start(federation.joinArguments($0, port: port)) }
        defer { participants.forEach { $0.kill() } }
        let run = try #require(coordinator.wait(timeout: TestTimeScale.seconds(180))?.result)
        #expect(run.status == 0, "\(run.stderr)")
        let finished = try json(["coordinator", "status", "--dir", dir])
        #expect(finished["phase"] as? String == "finished", "\(finished)")
        #expect(finished["applied_rounds"] as? Int == 1 && finished["rounds"] as? Int == 1, "\(finished)")
        #expect((finished["epsilon"] as? Double ?? 0) > 0, "\(finished)")
        #expect(finished["last_test_accuracy"] is Double, "\(finished)")
        let text = try ChorusProcess.run(["coordinator", "status", "--dir", dir])
        #expect(text.stdout.contains("rounds: 1 applied, 1 started of 1"), "\(text.stdout)")

        // A finished run is sealed and cannot take more rounds; a new run killed while it
        // waits leaves a stale status whose process is gone.
        let other = try LoopbackFederation(participants: 3)
        let (second, _) = try other.startCoordinator(rounds: 2)
        #expect(second.waitForStandardError(containing: "waiting for participants", timeout: TestTimeScale.seconds(30)))
        second.kill()
        _ = second.wait()
        let stopped = try json(["coordinator", "status", "--dir", other.coordinatorDirectory])
        #expect(stopped["phase"] as? String == "stopped", "\(stopped)")
    }
}
