import Federation
import Foundation
import ML
import Simulation
import Testing
import TestSupport

/// The coordinator and five participants as separate hosts: each `chorus` process
/// in its own network namespace, linked by veth to a bridge in the coordinator's
/// namespace, set up with the README's operator and participant commands. One
/// participant's link is cut in the middle of secure aggregation, after it shared
/// its keys and while its masked vector is on the wire. What must hold: the round
/// completes with the four others (the coordinator rebuilds the cut participant's
/// pairwise masks from their shares: dropout recovery), the coordinator names the
/// cut participant and why it dropped it, and an auditor accepts the signed report.
struct MultiHostDropoutTests {
    static let participants = 5
    /// The participant whose link is cut: enrolled last, so id 4 on the roster.
    static let cut = 4
    static let endpoint = VirtualNetwork.coordinatorAddress + ":7400"

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    private func chorus(_ arguments: [String]) throws {
        let result = try ChorusProcess.run(arguments + ["-q"])
        try #require(result.status == 0, "chorus \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    @Test(.enabled(if: NetworkNamespaces.available, Comment(rawValue: NetworkNamespaces.skipReason)))
    func roundCompletesWithoutAParticipantWhoseLinkIsCutAfterItSharedKeys() throws {
        let temporary = try TemporaryDirectory(prefix: "chorus-netns")
        let coord = temporary.file("coord").path
        try chorus(["coordinator", "init", "--dir", coord, "--host", VirtualNetwork.coordinatorAddress])
        for index in 0..<Self.participants {
            try chorus(["synth", "--out", temporary.file("music\(index)").path, "--clips-per-genre", "1", "--seconds", "6",
                        "--seed", "\(100 + index)"])
            try chorus(["keygen", "--out", temporary.file("me\(index)").path])
            try chorus(["coordinator", "enroll", "--dir", coord, "--participant", temporary.file("me\(index)/identity.pub").path])
        }
        try chorus(["synth", "--out", temporary.file("heldout").path, "--clips-per-genre", "1", "--seconds", "6", "--seed", "99"])

        let network = try VirtualNetwork(participants: Self.participants)
        defer { network.remove() }
        // The masked vector is the only large message a participant sends. Shaped to
        // a third of its size per second, it takes about three seconds to leave, well
        // within the 8 s stage deadline: cut in the middle, it is the cut that drops it.
        let vectorBytes = 4 * UpdateLayout.vectorLength(dimension: SimulationArchitecture.small.parameterCount)
        try network.limitUplink(ofParticipant: Self.cut, bitsPerSecond: vectorBytes * 8 / 3)

        let coordinator = try network.start(in: network.coordinator, ChorusProcess.executable, [
            "coordinator", "run", "--dir", coord, "--listen", Self.endpoint, "--rounds", "1",
            "--test-data", temporary.file("heldout").path, "--architecture", "small", "--sampling-rate", "1",
            "--noise-multiplier", "1.0", "--clip", "1", "--epsilon-budget", "100",
            // The stage deadline must stay below the 60 s read timeout, or the cut peer
            // is noticed as a silent connection instead of a missed stage.
            "--training-deadline", TestTimeScale.argument(60), "--stage-deadline", String(min(TestTimeScale.seconds(8), 40)),
            "--json",
        ])
        defer { coordinator.kill() }
        try #require(coordinator.waitForStandardError(containing: "coordinator listening", timeout: TestTimeScale.seconds(120)),
                     "the coordinator did not start: \(coordinator.standardError)")
        let joined = try (0..<Self.participants).map { index in
            try network.start(in: network.participants[index], ChorusProcess.executable, [
                "participant", "join", "--coordinator", Self.endpoint, "--identity", temporary.file("me\(index)").path,
                "--data", temporary.file("music\(index)").path, "--ca", coord + "/ca.crt",
                "--coordinator-key", coord + "/signing.pub", "--min-noise-multiplier", "0.8", "--max-epsilon", "100", "--json",
            ])
        }
        defer { for participant in joined { participant.kill() } }

        // Its masked vector is sent only after the share-keys stage closed with its
        // shares in: half of it on the wire means it shared keys and is mid-upload.
        // Interface counters have no event to wait on, so they are polled.
        let giveUp = Date(timeIntervalSinceNow: 300)
        while try network.transmittedBytes(ofParticipant: Self.cut) < vectorBytes / 2 {
            try #require(Date() < giveUp && !coordinator.hasExited && !joined[Self.cut].hasExited,
                         "participant \(Self.cut) never sent half its masked vector: \(coordinator.standardError)")
            Thread.sleep(forTimeInterval: 0.02)
        }
        try network.cutLink(ofParticipant: Self.cut)

        let run = try #require(coordinator.wait(timeout: TestTimeScale.seconds(120))?.result, "the coordinator did not finish: \(coordinator.standardError)")
        #expect(run.status == 0, "\(run.stderr)")
        let rounds = try #require(try json(run.stdout)["rounds"] as? [[String: Any]], "\(run.stdout)")
        #expect(rounds.count == 1)
        #expect(rounds.first?["outcome"] as? String == "completed", "\(rounds)")
        #expect(rounds.first?["sampled"] as? Int == Self.participants)
        #expect(rounds.first?["survivors"] as? Int == Self.participants - 1)
        let drop = run.stderr.split(separator: "\n").first { $0.contains("dropping participant") && $0.contains("peer=\(Self.cut) ") }
        #expect(drop?.contains("participant \(Self.cut) sent no masked-input message before the stage's deadline") == true,
                "no drop of participant \(Self.cut) with its reason in: \(run.stderr)")

        for (index, participant) in joined.enumerated() where index != Self.cut {
            let result = try #require(participant.wait(timeout: TestTimeScale.seconds(60))?.result, "participant \(index) did not finish")
            #expect(result.status == 0, "participant \(index): \(result.stderr)")
            #expect(try json(result.stdout)["contributed"] as? Int == 1, "participant \(index): \(result.stdout)")
        }

        let report = coord + "/privacy-report.jsonl"
        let verify = try ChorusProcess.run(["audit", "verify", report, "--coordinator-key", coord + "/signing.pub", "--json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let verdict = try json(verify.stdout)
        #expect(verdict["valid"] as? Bool == true && verdict["rounds"] as? Int == 1, "\(verdict)")
        #expect(verdict["differential_privacy"] as? Bool == true)
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        // The last line is the closing record that seals the finished run; the round is before it.
        let last = try #require(lines.dropLast().last, "no round record")
        let record = try #require(try json(String(last))["round"] as? [String: Any], "\(last)")
        #expect(record["sampled"] as? [Int] == Array(0..<Self.participants))
        #expect(record["survivors"] as? [Int] == Array(0..<Self.participants).filter { $0 != Self.cut })
    }
}
