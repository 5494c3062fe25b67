import Foundation
import Testing
import TestSupport

/// The command line behaves as DESIGN.md promises before any subcommand runs.
struct ChorusCommandTests {
    @Test func helpNamesTheToolAndExitsZero() throws {
        let result = try ChorusProcess.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: chorus"))
    }

    @Test func versionPrintsTheVersionAndExitsZero() throws {
        let result = try ChorusProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test(arguments: [["no-such-command"], ["--no-such-flag"]])
    func unknownCommandOrFlagIsAnErrorWithNonZeroExit(arguments: [String]) throws {
        let result = try ChorusProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains("Error"))
        #expect(result.stdout.isEmpty)
    }
}
