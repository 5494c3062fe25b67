import Foundation
import Testing
import TestSupport

/// `chorus simulate` runs a federation from a synthetic corpus and reports
/// DESIGN.md's outputs; `chorus audit verify` accepts the report it wrote.
struct SimulateCommandTests {
    @Test func smallSimulationWritesModelCheckpointAndAVerifiedReport() throws {
        let directory = try TemporaryDirectory(prefix: "chorus-simulate")
        let out = directory.file("run").path
        let result = try ChorusProcess.run(["simulate", "--participants", "3", "--rounds", "2", "--architecture", "small",
                                            "--clips-per-genre", "3", "--dp", "off", "--local-optimizer", "adam",
                                            "--learning-rate", "0.003", "--cosine-floor", "0.1", "--out", out, "--json", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rounds = try #require(object["rounds"] as? [[String: Any]])
        #expect(rounds.map { $0["outcome"] as? String } == ["completed", "completed"])
        #expect(rounds.allSatisfy { $0["survivors"] as? Int == 3 && $0["test_accuracy"] is Double })
        for key in ["model", "checkpoint", "privacy_report"] {
            let path = try #require(object[key] as? String)
            #expect(FileManager.default.fileExists(atPath: path), "\(key) at \(path)")
        }
        let report = try #require(object["privacy_report"] as? String)
        let key = directory.file("run/coordinator/signing.pub").path
        let verify = try ChorusProcess.run(["audit", "verify", report, "--coordinator-key", key])
        #expect(verify.status == 0, "\(verify.stderr)")
        // The run record, two rounds and the closing record that seals the finished run.
        #expect(verify.stdout.hasPrefix("VALID: 4 records (2 rounds)"))
        // With DP off epsilon is infinite; the JSON verdict says so without an epsilon.
        let json = try ChorusProcess.run(["audit", "verify", report, "--coordinator-key", key, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(verdict["valid"] as? Bool == true)
        #expect(verdict["differential_privacy"] as? Bool == false)
        #expect(verdict["epsilon_pld"] == nil)
    }

    /// One round of class statistics under DP calibrated to epsilon 3: the run
    /// reports an epsilon at most 3, the auditor recomputes the same, and the
    /// model is a classifier `evaluate` reads.
    @Test func statisticsModeWithATargetEpsilonReportsAVerifiedEpsilon() throws {
        let directory = try TemporaryDirectory(prefix: "chorus-simulate-statistics")
        let out = directory.file("run").path
        let result = try ChorusProcess.run(["simulate", "--participants", "4", "--rounds", "1", "--architecture", "linear",
                                            "--clips-per-genre", "3", "--dp-mode", "statistics", "--target-epsilon", "3",
                                            "--clip", "4", "--out", out, "--json", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rounds = try #require(object["rounds"] as? [[String: Any]])
        #expect(rounds.map { $0["outcome"] as? String } == ["completed"])
        let epsilon = try #require(rounds.first?["epsilon"] as? Double)
        #expect(epsilon > 0 && epsilon <= 3)
        let report = try #require(object["privacy_report"] as? String)
        let verify = try ChorusProcess.run(["audit", "verify", report, "--coordinator-key",
                                            directory.file("run/coordinator/signing.pub").path, "--json"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect(verdict["valid"] as? Bool == true)
        #expect(abs((verdict["epsilon_rdp"] as? Double ?? 0) - epsilon) <= 1e-9 * epsilon, "\(verdict)")
        let model = try #require(object["model"] as? String)
        let evaluate = try ChorusProcess.run(["evaluate", "--model", model, "--features", directory.file("run/features.bin").path, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
    }

    /// A budget too small for even one round: no round is applied. What must
    /// hold: the simulation exits non-zero with the one-line summary `coordinator
    /// run` gives (the same rule), and its JSON names the failure too.
    @Test func aSimulationThatAppliedFewerRoundsThanAskedExitsNonZeroWithASummary() throws {
        let directory = try TemporaryDirectory(prefix: "chorus-simulate-short")
        let result = try ChorusProcess.run(["simulate", "--participants", "3", "--rounds", "2", "--architecture", "small",
                                            "--clips-per-genre", "1", "--epsilon-budget", "0.01",
                                            "--out", directory.file("run").path, "--json", "--quiet"])
        #expect(result.status != 0, "\(result.stdout)")
        let errorLine = try #require(result.stderr.split(separator: "\n").last, "\(result.stderr)")
        #expect(errorLine.contains("applied 0 of 2 rounds; stopped: round 1 would bring epsilon to"), "\(result.stderr)")
        #expect(errorLine.contains("no model was trained"), "\(errorLine)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["applied_rounds"] as? Int == 0)
        #expect((object["failure"] as? String)?.hasPrefix("applied 0 of 2 rounds") == true, "\(object)")
    }

    @Test(arguments: [
        ["--participants", "3", "--rounds", "1", "--partition", "dirichlet:-1"],
        ["--participants", "1", "--rounds", "1"],
        ["--participants", "3", "--rounds", "1", "--dropout", "1"],
        ["--participants", "3", "--rounds", "1", "--sampling-rate", "0"],
        ["--participants", "3"],
        ["--participants", "3", "--rounds", "1", "--local-optimizer", "rmsprop"],
        ["--participants", "3", "--rounds", "1", "--cosine-floor", "2"],
        ["--participants", "3", "--rounds", "1", "--dp-mode", "statistics", "--architecture", "small"],
        ["--participants", "3", "--rounds", "1", "--architecture", "linear", "--target-epsilon", "3", "--noise-multiplier", "1"],
        ["--participants", "3", "--rounds", "1", "--architecture", "linear", "--target-epsilon", "3", "--dp", "off"],
        ["--participants", "3", "--rounds", "1", "--architecture", "linear", "--target-epsilon", "0"],
    ])
    func badOptionsFailWithAMessageAndNoOutput(arguments: [String]) throws {
        let directory = try TemporaryDirectory(prefix: "chorus-simulate-bad")
        let result = try ChorusProcess.run(["simulate", "--out", directory.file("run").path, "--json"] + arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }
}
