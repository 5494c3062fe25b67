import Foundation
import Testing
import TestSupport

/// `chorus coordinator run` and `chorus participant join` as an operator and
/// participants run them on one machine: what each side says while it waits,
/// and how a run that applied fewer rounds than asked ends.
struct CoordinatorRunCommandTests {
    /// One participant declines every round (its minimum noise is above the
    /// run's), so the other's update can never be aggregated: the round aborts.
    /// What must hold: the coordinator exits non-zero with a one-line summary
    /// saying no round was applied and why, and the participant that sent its
    /// update counts the round as aborted, not as contributed.
    @Test func aRunWhoseRoundsAllAbortedExitsNonZeroAndIsNotCountedAsContributed() throws {
        let federation = try LoopbackFederation(participants: 2)
        let (coordinator, port) = try federation.startCoordinator(rounds: 1, ["--json"])
        defer { coordinator.kill() }
        let willing = try ChorusProcess.start(federation.joinArguments(0, port: port, ["--json"]))
        let unwilling = try ChorusProcess.start(federation.joinArguments(1, port: port, ["--min-noise-multiplier", "5", "--json"]))
        defer { willing.kill(); unwilling.kill() }

        let run = try #require(coordinator.wait(timeout: TestTimeScale.seconds(180))?.result, "\(coordinator.standardError)")
        #expect(run.status != 0, "\(run.stdout)")
        let errorLine = try #require(run.stderr.split(separator: "\n").last, "\(run.stderr)")
        #expect(errorLine.contains("applied 0 of 1 round; 1 aborted ("), "\(run.stderr)")
        #expect(errorLine.contains("no model was trained"), "\(errorLine)")
        let object = try LoopbackFederation.json(run.stdout)
        #expect(object["applied_rounds"] as? Int == 0)
        #expect((object["failure"] as? String)?.hasPrefix("applied 0 of 1 round") == true, "\(object)")

        let sent = try #require(willing.wait(timeout: TestTimeScale.seconds(60))?.result, "\(willing.standardError)")
        #expect(sent.status == 0, "\(sent.stderr)")
        let counts = try LoopbackFederation.json(sent.stdout)
        #expect(counts["contributed"] as? Int == 0, "\(counts)")
        #expect(counts["aborted"] as? Int == 1, "\(counts)")
        let declined = try #require(unwilling.wait(timeout: TestTimeScale.seconds(60))?.result, "\(unwilling.standardError)")
        #expect(try LoopbackFederation.json(declined.stdout)["declined"] as? Int == 1, "\(declined.stdout)")
    }

    /// What must hold: before round 1 the coordinator says how many enrolled
    /// participants it still waits for and how long (from --wait-seconds), and
    /// says it again when one connects; the participant says it waits for a plan.
    @Test func bothSidesSayWhatTheyWaitFor() throws {
        let federation = try LoopbackFederation(participants: 3)
        let (coordinator, port) = try federation.startCoordinator(rounds: 1, ["--wait-seconds", "240"])
        defer { coordinator.kill() }
        #expect(coordinator.waitForStandardError(containing: "waiting for participants", timeout: TestTimeScale.seconds(30)))
        let first = try #require(coordinator.standardError.split(separator: "\n").first { $0.contains("waiting for participants") })
        for field in ["missing=3", "connected=0", "enrolled=3", "round=1"] {
            #expect(first.contains(field), "no \(field) in: \(first)")
        }
        let left = try #require(first.split(separator: " ").first { $0.hasPrefix("seconds_left=") }, "\(first)")
        let seconds = try #require(Int(left.dropFirst("seconds_left=".count)), "\(left)")
        #expect((230...240).contains(seconds), "\(first)")

        let participant = try ChorusProcess.start(federation.joinArguments(0, port: port))
        defer { participant.kill() }
        #expect(participant.waitForStandardError(containing: "waiting for a round plan", timeout: TestTimeScale.seconds(60)),
                "\(participant.standardError)")
        #expect(coordinator.waitForStandardError(containing: "missing=2", timeout: TestTimeScale.seconds(30)),
                "\(coordinator.standardError)")
    }

    @Test func aWaitThatIsNotANumberOfSecondsIsRefusedBeforeStarting() throws {
        let federation = try LoopbackFederation(participants: 0)
        let result = try ChorusProcess.run(federation.coordinatorArguments(rounds: 1, ["--wait-seconds", "-5"]))
        #expect(result.status != 0)
        #expect(result.stderr.contains("wait_seconds"), "\(result.stderr)")
        #expect(!result.stderr.contains("coordinator listening"))
    }
}
