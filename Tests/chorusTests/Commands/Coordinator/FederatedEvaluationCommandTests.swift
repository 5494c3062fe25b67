import Foundation
import Testing
import TestSupport

/// `chorus coordinator run` without `--test-data`, as an operator who holds no audio
/// runs it: the participants evaluate on held-out parts of their own clips and the
/// counts come back noised, accounted and recorded.
struct FederatedEvaluationCommandTests {
    /// Runs `rounds` rounds of `federation` with every participant joined, returning the
    /// coordinator's result; the participants accept any epsilon (`--max-epsilon`).
    static func run(_ federation: LoopbackFederation, rounds: Int, testData: Bool, _ extra: [String]) throws -> ChorusProcess.Result {
        let (coordinator, port) = try federation.startCoordinator(rounds: rounds, testData: testData, extra)
        defer { coordinator.kill() }
        let participants = try (0..<federation.participants).map {
            try ChorusProcess.start(federation.joinArguments($0, port: port, ["--max-epsilon", "1000000"]))
        }
        defer { participants.forEach { $0.kill() } }
        let result = try #require(coordinator.wait(timeout: TestTimeScale.seconds(300))?.result, "\(coordinator.standardError)")
        try #require(result.status == 0, "\(result.stderr)")
        for participant in participants { _ = participant.wait(timeout: TestTimeScale.seconds(60)) }
        return result
    }

    static func verify(_ federation: LoopbackFederation, report: String) throws -> [String: Any] {
        let result = try ChorusProcess.run(["audit", "verify", report, "--coordinator-key",
                                            federation.coordinatorDirectory + "/signing.pub", "--json"])
        return try LoopbackFederation.json(result.stdout)
    }

    /// What must hold: a run without --test-data completes, its table says that fed_acc is
    /// the noised federated accuracy and gives one per round (in [0, 1]), its report's run
    /// record lists the counts among the releases, every round record carries them, and
    /// the report verifies. (Counts' noise 0.1·√2·16 ≈ 2.3 clips each against 30 held-out
    /// clips: a noised total below one clip, printed n/a, has probability below 1e-4.)
    @Test func aRunWithoutTestDataReportsFederatedAccuracyEveryRound() throws {
        let federation = try LoopbackFederation(participants: 3, clipsPerGenre: 2)
        let out = federation.temporary.file("run").path
        let result = try Self.run(federation, rounds: 2, testData: false, [
            "--out", out, "--evaluation-fraction", "0.5", "--evaluation-noise-ratio", "0.1", "--epsilon-budget", "1000000"])

        let lines = result.stdout.split(separator: "\n").map(String.init)
        let legend = try #require(lines.first { $0.hasPrefix("fed_acc:") }, "\(result.stdout)")
        #expect(legend.contains("federated accuracy") && legend.contains("noised"), "\(legend)")
        let header = try #require(lines.firstIndex { $0.hasPrefix("round ") }, "\(result.stdout)")
        #expect(lines[header].contains("fed_acc"))
        let rows = lines[(header + 1)...].filter { $0.first?.isNumber == true }
        #expect(rows.count == 2, "\(result.stdout)")
        for row in rows {
            let cells = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(cells.last == "ok", "\(row)")
            let accuracy = try #require(Double(cells[4]), "no federated accuracy in: \(row)")
            #expect((0...1).contains(accuracy), "\(row)")
        }

        let report = out + "/privacy-report.jsonl"
        let records = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
            .map { try LoopbackFederation.json(String($0)) }
        let run = try #require(records.first?["run"] as? [String: Any])
        let released = try #require((run["privacy"] as? [String: Any])?["released_per_round"] as? [String])
        #expect(released.contains { $0.contains("per-class correct and total counts") }, "\(released)")
        let quantization = try #require(run["quantization"] as? [String: Any])
        #expect((quantization["evaluation"] as? [String: Any])?["maximum_clips"] as? Int == 16, "\(quantization)")
        let rounds = records.compactMap { $0["round"] as? [String: Any] }
        #expect(rounds.count == 2)
        for round in rounds {
            let evaluation = try #require(round["federated_evaluation"] as? [String: Any], "\(round)")
            #expect((evaluation["total"] as? [Double])?.count == 10)
            #expect(evaluation["model"] as? String == "model_before")
        }
        #expect(try Self.verify(federation, report: report)["valid"] as? Bool == true)
    }

    /// What must hold: the same run with the participants evaluating reports a larger
    /// epsilon than with the operator's --test-data (the counts are a release and are
    /// accounted), and `audit verify` recomputes exactly that epsilon from the report.
    @Test func theEvaluationReleaseIsAccountedAndVerified() throws {
        let federation = try LoopbackFederation(participants: 3, clipsPerGenre: 2)
        let operatorRun = federation.temporary.file("operator").path, federatedRun = federation.temporary.file("federated").path
        let withTestData = try LoopbackFederation.json(try Self.run(federation, rounds: 1, testData: true,
                                                                    ["--out", operatorRun, "--json"]).stdout)
        let without = try LoopbackFederation.json(try Self.run(federation, rounds: 1, testData: false,
                                                               ["--out", federatedRun, "--evaluation-fraction", "0.5", "--json"]).stdout)
        let operatorRound = try #require((withTestData["rounds"] as? [[String: Any]])?.first)
        let federatedRound = try #require((without["rounds"] as? [[String: Any]])?.first)
        #expect(operatorRound["federated_evaluation"] == nil)
        #expect((federatedRound["federated_evaluation"] as? [String: Any])?["noised"] as? Bool == true, "\(federatedRound)")
        let operatorEpsilon = try #require(operatorRound["epsilon"] as? Double)
        let federatedEpsilon = try #require(federatedRound["epsilon"] as? Double)
        #expect(federatedEpsilon > operatorEpsilon * 1.05, "\(federatedEpsilon) vs \(operatorEpsilon)")

        let verified = try Self.verify(federation, report: federatedRun + "/privacy-report.jsonl")
        #expect(verified["valid"] as? Bool == true, "\(verified)")
        let recomputed = try #require(verified["epsilon_rdp"] as? Double)
        #expect(abs(recomputed - federatedEpsilon) <= 1e-9 * federatedEpsilon, "\(recomputed) vs \(federatedEpsilon)")
    }

    @Test func evaluationOptionsWithTestDataAreRefused() throws {
        let federation = try LoopbackFederation(participants: 0)
        let result = try ChorusProcess.run(federation.coordinatorArguments(rounds: 1, ["--evaluation-clips", "8"]))
        #expect(result.status != 0)
        #expect(result.stderr.contains("--evaluation-clips") && result.stderr.contains("--test-data"), "\(result.stderr)")
    }
}
