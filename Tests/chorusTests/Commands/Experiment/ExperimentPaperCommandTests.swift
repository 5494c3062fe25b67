import Foundation
import Testing
import TestSupport

/// `chorus experiment paper` on a tiny synthesized corpus: the table, its files
/// and its configuration are complete and its numbers are in range.
struct ExperimentPaperCommandTests {
    static let rowKinds = ["centralized", "centralized-dp-model", "iid", "scaled", "dp", "noniid"]

    @Test func tinyRunWritesAllSixRowsWithConfigurationAndSaneValues() throws {
        let directory = try TemporaryDirectory()
        let corpus = directory.file("corpus").path
        let out = directory.file("experiment").path
        let synth = try ChorusProcess.run(["synth", "--out", corpus, "--clips-per-genre", "5", "--seconds", "6",
                                           "--seed", "2", "--quiet"])
        #expect(synth.status == 0, "\(synth.stderr)")
        // One epoch or round of everything, the small CNN, and a DP run of 10
        // participants (the command defaults to 100) keep this to seconds.
        let run = try ChorusProcess.run([
            "experiment", "paper", "--data", corpus, "--out", out, "--architecture", "small", "--epochs", "1",
            "--rounds", "1", "--local-epochs", "1", "--private-rounds", "2", "--private-local-epochs", "1",
            "--private-participants", "10", "--augment", "both", "--graph", "sparse", "--json", "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let written = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("paper-table.json"))) as? [String: Any])
        #expect(NSDictionary(dictionary: printed).isEqual(to: written), "--json prints what paper-table.json holds")

        let rows = try #require(printed["rows"] as? [[String: Any]])
        #expect(rows.compactMap { $0["row"] as? String } == Self.rowKinds)
        for row in rows {
            let kind = row["row"] as? String ?? "?"
            for key in ["train_segment_accuracy", "train_clip_accuracy", "test_segment_accuracy", "test_clip_accuracy"] {
                let value = try #require(row[key] as? Double, "\(kind): \(key)")
                #expect((0...1).contains(value), "\(kind): \(key) is \(value)")
            }
            let seconds = try #require(row["seconds"] as? Double)
            #expect(seconds > 0 && seconds.isFinite, "\(kind): wall time \(seconds)")
            switch kind {
            case "centralized", "centralized-dp-model":
                #expect(row["rounds"] == nil && row["epsilon"] == nil)
            case "dp":
                let epsilon = try #require(row["epsilon"] as? Double, "the DP row states its epsilon")
                #expect(epsilon > 0 && epsilon <= 8, "epsilon \(epsilon) within the target of 8")
                #expect(row["rounds"] as? Int == 2)
                #expect(row["participants"] as? Int == 10)
            default:
                #expect(row["epsilon"] == nil, "\(kind): no DP, no epsilon")
                #expect(row["rounds"] as? Int == 1, "\(kind): the rounds asked for")
                #expect(row["participants"] as? Int == 10)
            }
        }
        let configuration = try #require(printed["configuration"] as? [String: Any])
        #expect(configuration["federated_augmentation"] as? Bool == true)
        #expect(configuration["private_participants"] as? Int == 10)
        // The DP row's default model: the linear classifier on band statistics.
        #expect(configuration["private_parameters"] as? Int == 2650)
        #expect((configuration["private_architecture"] as? String)?.contains("band statistics") == true)
        #expect(configuration["secure_aggregation_graph"] as? String == "sparse")
        for kind in Self.rowKinds where !kind.hasPrefix("centralized") {
            // The graph each federated run used, as its signed report's header states it.
            let report = URL(fileURLWithPath: out).appendingPathComponent(kind).appendingPathComponent("privacy-report.jsonl")
            let header = try #require(try String(contentsOf: report, encoding: .utf8).split(separator: "\n").first)
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any])
            let run = try #require(entry["run"] as? [String: Any], "\(kind): report header")
            let secureAggregation = try #require(run["secure_aggregation"] as? [String: Any], "\(kind): secure_aggregation")
            #expect(secureAggregation["graph"] as? String == "sparse", "\(kind): graph \(secureAggregation)")
        }
        let noise = try #require(configuration["noise_multiplier"] as? Double)
        #expect(noise > 0 && noise.isFinite)

        let markdown = try String(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("paper-table.md"), encoding: .utf8)
        let tableLines = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") }
        #expect(tableLines.count == 7, "a header and six rows:\n\(markdown)")
        for name in ["centralized", "centralized, DP row's model", "IID (no scaling)", "25% scaling", "+ DP", "non-IID Dirichlet(0.5)"] {
            #expect(tableLines.contains { $0.contains(name) }, "row \(name)")
        }
        #expect(markdown.contains("Data: \(corpus)") && markdown.contains("noise multiplier")
                && markdown.contains("augmentation"), "the configuration follows the table")
    }

    /// The one-shot statistics mode as the DP row: one round calibrated to
    /// epsilon 3 over 10 participants; the row states an epsilon at most 3,
    /// which the auditor recomputes from the run's signed report.
    @Test func statisticsModeDPRowStaysWithinItsTargetAndVerifies() throws {
        let directory = try TemporaryDirectory()
        let corpus = directory.file("corpus").path
        let out = directory.file("experiment").path
        let synth = try ChorusProcess.run(["synth", "--out", corpus, "--clips-per-genre", "3", "--seconds", "6",
                                           "--seed", "2", "--quiet"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let run = try ChorusProcess.run([
            "experiment", "paper", "--data", corpus, "--out", out, "--rows", "dp", "--dp-mode", "statistics",
            "--target-epsilon", "3", "--private-participants", "10", "--private-clip", "3", "--json", "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let row = try #require((printed["rows"] as? [[String: Any]])?.first)
        let epsilon = try #require(row["epsilon"] as? Double)
        #expect(epsilon > 0 && epsilon <= 3)
        #expect(row["rounds"] as? Int == 1)
        #expect((row["model"] as? String)?.contains("class statistics") == true)
        let configuration = try #require(printed["configuration"] as? [String: Any])
        #expect(configuration["private_dp_mode"] as? String == "statistics")
        let report = URL(fileURLWithPath: out).appendingPathComponent("dp/privacy-report.jsonl").path
        let verify = try ChorusProcess.run(["audit", "verify", report, "--coordinator-key",
                                            URL(fileURLWithPath: out).appendingPathComponent("dp/coordinator/signing.pub").path, "--json"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect(abs((verdict["epsilon_rdp"] as? Double ?? 0) - epsilon) <= 1e-9 * epsilon, "\(verdict)")
    }

    /// A table that cannot be written stops the experiment after the row that
    /// could not be recorded, naming the file and what to do, before the next row runs.
    @Test func aTableThatCannotBeWrittenStopsTheRunAtOnce() throws {
        let directory = try TemporaryDirectory()
        let corpus = try Self.corpus(in: directory)
        let out = directory.file("experiment")
        let json = out.appendingPathComponent("paper-table.json")
        try FileManager.default.createDirectory(at: json, withIntermediateDirectories: true)
        let run = try ChorusProcess.run(Self.quickRun(corpus: corpus, out: out.path, rows: "centralized,iid"))
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("cannot write the table after row 'centralized' to \(json.path)"), "\(run.stderr)")
        #expect(run.stderr.contains("or pass another --out, then run again"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("iid").path), "the next row ran anyway")
    }

    /// A run that fails part-way keeps the table of the rows finished before.
    @Test func aRunStoppedPartWayKeepsTheRowsFinishedSoFar() throws {
        let directory = try TemporaryDirectory()
        let corpus = try Self.corpus(in: directory)
        let out = directory.file("experiment")
        // A file where the federated row's run directory goes makes that row fail.
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data().write(to: out.appendingPathComponent("iid"))
        let run = try ChorusProcess.run(Self.quickRun(corpus: corpus, out: out.path, rows: "centralized,iid"))
        #expect(run.status != 0)
        let written = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("paper-table.json"))) as? [String: Any])
        #expect((written["rows"] as? [[String: Any]])?.compactMap { $0["row"] as? String } == ["centralized"])
        let markdown = try String(contentsOf: out.appendingPathComponent("paper-table.md"), encoding: .utf8)
        #expect(markdown.split(separator: "\n").filter { $0.hasPrefix("| ") }.count == 2, "a header and the one finished row:\n\(markdown)")
    }

    /// A tiny synthesized corpus in `directory` (five clips per genre: the split keeps some for validation).
    private static func corpus(in directory: TemporaryDirectory) throws -> String {
        let corpus = directory.file("corpus").path
        let synth = try ChorusProcess.run(["synth", "--out", corpus, "--clips-per-genre", "5", "--seconds", "6",
                                           "--seed", "2", "--quiet"])
        #expect(synth.status == 0, "\(synth.stderr)")
        return corpus
    }

    /// The quickest experiment of `rows`: the linear model, one epoch or round.
    private static func quickRun(corpus: String, out: String, rows: String) -> [String] {
        ["experiment", "paper", "--data", corpus, "--out", out, "--rows", rows, "--architecture", "linear",
         "--epochs", "1", "--rounds", "1", "--local-epochs", "1", "--quiet"]
    }

    @Test func unknownRowFailsWithAMessageAndNothingOnStdout() throws {
        let directory = try TemporaryDirectory()
        let run = try ChorusProcess.run(["experiment", "paper", "--data", directory.file("none").path,
                                         "--rows", "centralized,bogus", "--quiet"])
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("bogus"))
    }

    @Test func anEmptyRowListFailsWithAMessageAndNothingOnStdout() throws {
        let directory = try TemporaryDirectory()
        let run = try ChorusProcess.run(["experiment", "paper", "--data", directory.file("none").path, "--rows", "", "--quiet"])
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("--rows names no row"), "\(run.stderr)")
    }
}
