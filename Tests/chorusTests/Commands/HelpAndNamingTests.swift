import Foundation
import Testing
import TestSupport

/// What `--help` and the outputs tell a new user: examples for each command,
/// the values a choice takes, one meaning per flag, plural counts.
struct HelpAndNamingTests {
    static let leaves: [[String]] = [
        ["synth"], ["features"], ["train"], ["evaluate"], ["predict"], ["keygen"],
        ["coordinator", "init"], ["coordinator", "enroll"], ["coordinator", "run"], ["coordinator", "participants", "list"],
        ["coordinator", "participants", "revoke"], ["coordinator", "status"], ["participant", "join"], ["simulate"],
        ["privacy", "epsilon"], ["privacy", "calibrate"], ["audit", "verify"], ["report", "html"], ["experiment", "paper"],
        ["bench", "features"], ["bench", "train"], ["bench", "mask"], ["bench", "secagg"], ["bench", "round"],
        ["bench", "privacy"], ["bench", "connections"],
    ]

    @Test(arguments: leaves)
    func everyCommandsHelpShowsAnExampleOfItself(command: [String]) throws {
        let help = try ChorusProcess.run(command + ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Example"), "\(command): \(help.stdout)")
        #expect(help.stdout.contains("  chorus \(command.joined(separator: " ")) "), "\(command): \(help.stdout)")
        for note in ["the issue", "DESIGN.md", "TODO"] {
            #expect(!help.stdout.contains(note), "\(command) help mentions \(note)")
        }
    }

    @Test func graphHelpListsItsValues() throws {
        let help = try ChorusProcess.run(["simulate", "--help"]).stdout
        let start = try #require(help.range(of: "--graph <graph>"), "\(help)")
        let option = help[start.lowerBound...].split(separator: "\n  --").first ?? ""
        #expect(option.contains("values: complete, sparse"), "\(option)")
        let bad = try ChorusProcess.run(["simulate", "--participants", "3", "--rounds", "1", "--out", "/tmp/x", "--graph", "ring"])
        #expect(bad.status != 0 && bad.stderr.contains("complete") && bad.stderr.contains("sparse"), "\(bad.stderr)")
    }

    /// A choice's default is shown as one of the values it lists (not, say, an enum's raw number).
    @Test(arguments: leaves)
    func everyChoicesDefaultIsOneOfItsValues(command: [String]) throws {
        let help = try ChorusProcess.run(command + ["--help"]).stdout
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var rest = help[...]
        while let start = rest.range(of: "(values: ") {
            guard let end = rest[start.upperBound...].firstIndex(of: ")") else { break }
            let parts = rest[start.upperBound..<end].components(separatedBy: "; default: ")
            if parts.count == 2 {
                let values = parts[0].components(separatedBy: ", ")
                #expect(values.contains(parts[1]), "\(command): default \(parts[1]) is not among \(values)")
            }
            rest = rest[end...]
        }
    }

    /// The commands whose `--graph` has a default name it in help, and use it when the flag is left out.
    @Test func graphDefaultsAreNamedAndUsed() throws {
        for (command, graph) in [(["bench", "round"], "sparse"), (["bench", "secagg"], "sparse"), (["experiment", "paper"], "complete")] {
            let help = try ChorusProcess.run(command + ["--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(help.contains("(values: complete, sparse; default: \(graph))"), "\(command): \(help)")
        }
        let bench = try ChorusProcess.run(["bench", "secagg", "--participants", "5", "--dim", "64", "--dropout", "0", "--json"])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("\"graph\":\"sparse\""), "\(bench.stdout)")
    }

    /// `simulate`'s participant loss has its own name; DESIGN.md's `--dropout` still means the same there.
    @Test(arguments: ["--participant-dropout", "--dropout"])
    func simulateParticipantDropoutIsValidatedUnderBothNames(flag: String) throws {
        let result = try ChorusProcess.run(["simulate", "--participants", "3", "--rounds", "1", "--out", "/tmp/x", flag, "1.5"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--participant-dropout is 1.5; pass a probability in [0, 1)"), "\(result.stderr)")
    }

    @Test func oneRoundIsSingular() throws {
        let result = try ChorusProcess.run(["privacy", "epsilon", "--noise-multiplier", "1", "--sampling-rate", "1",
                                            "--rounds", "1", "--delta", "1e-5"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("for 1 round,"), "\(result.stdout)")
    }
}
