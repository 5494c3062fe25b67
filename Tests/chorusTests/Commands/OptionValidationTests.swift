import Foundation
import Testing
import TestSupport

/// Options and output paths are checked before any work: a bad one is reported
/// at once, naming the flag, and nothing is extracted or trained first.
struct OptionValidationTests {
    @Test(arguments: [
        (["--out", "/nonexistent/dir/m.chorus"], "the directory /nonexistent/dir does not exist"),
        (["--learning-rate=-1"], "--learning-rate is -1.0; pass a finite number > 0"),
        (["--epochs", "-1"], "--epochs is -1; pass at least 1"),
        (["--learning-rate", "-0.5"], "--learning-rate is -0.5"),
    ])
    func trainRefusesABadOptionBeforeReadingAnyAudio(extra: [String], message: String) throws {
        let temporary = try TemporaryDirectory()
        // The data folder does not exist: a command that read it before checking its options would complain about it instead.
        var arguments = ["train", "--data", temporary.file("no-audio-here").path] + extra
        if !extra.contains("--out") { arguments += ["--out", temporary.file("m.chorus").path] }
        let result = try ChorusProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"), "\(result.stderr)")
        #expect(!result.stderr.contains("no-audio-here"), "\(result.stderr)")
    }
}
