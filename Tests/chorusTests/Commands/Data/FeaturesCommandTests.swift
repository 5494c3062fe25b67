import Foundation
import Testing
import TestSupport

/// `chorus synth` and `chorus features` as a user runs them.
struct FeaturesCommandTests {
    private func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func synthThenFeaturesBuildsTheSameCacheInEveryRun() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("corpus").path, cache = directory.file("corpus.features").path
        let synth = try ChorusProcess.run(["synth", "--out", data, "--clips-per-genre", "2", "--seconds", "6.5",
                                           "--seed", "3", "--json"])
        #expect(synth.status == 0, "\(synth.stderr)")
        #expect(try json(synth.stdout)["clips"] as? Int == 20)
        let features = try ChorusProcess.run(["features", "--data", data, "--out", cache, "--json"])
        #expect(features.status == 0, "\(features.stderr)")
        let summary = try json(features.stdout)
        #expect(summary["clips"] as? Int == 20)
        #expect(summary["segments"] as? Int == 40)
        #expect((summary["skipped"] as? [Any])?.isEmpty == true)
        #expect(FileManager.default.fileExists(atPath: cache))

        // Another process extracts the same bytes: tables computed from a feature file can be
        // reproduced by extracting it again (planning FFTs by timing them broke this).
        let again = directory.file("again.features").path
        #expect(try ChorusProcess.run(["features", "--data", data, "--out", again, "--quiet"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(contentsOf: URL(fileURLWithPath: cache)))
    }

    @Test func badFilesGiveExactlyOneWarningEachAndTheRestIsKept() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("mixed"), short = directory.file("short")
        #expect(try ChorusProcess.run(["synth", "--out", data.path, "--clips-per-genre", "1", "--seconds", "3.2"]).status == 0)
        #expect(try ChorusProcess.run(["synth", "--out", short.path, "--clips-per-genre", "1", "--seconds", "2"]).status == 0)
        try FileManager.default.copyItem(at: short.appendingPathComponent("rock/rock.00000.wav"),
                                         to: data.appendingPathComponent("rock/rock.00001.wav"))
        var generator = SplitMix64(seed: 1)
        _ = FileManager.default.createFile(atPath: data.appendingPathComponent("jazz/jazz.00054.wav").path,
                                       contents: Data((0..<3000).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        _ = FileManager.default.createFile(atPath: data.appendingPathComponent("pop/pop.00001.wav").path, contents: Data())
        let result = try ChorusProcess.run(["features", "--data", data.path, "--out", directory.file("x.features").path])
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 3, "\(result.stderr)")
        #expect(warnings.contains { $0.contains("jazz/jazz.00054.wav") && $0.contains("not readable as audio") })
        #expect(warnings.contains { $0.contains("pop/pop.00001.wav") && $0.contains("the file is empty") })
        #expect(warnings.contains { $0.contains("rock/rock.00001.wav") && $0.contains("2.0 s of audio, shorter than one 3.0 s segment") })
        #expect(result.stdout.contains("features: 10 clips, 10 segments, 10 labels, 3 skipped"))
    }

    @Test func wavToNpyWritesSegmentsByMelBandsByFrames() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("corpus").path, npy = directory.file("clip.npy").path
        #expect(try ChorusProcess.run(["synth", "--out", data, "--clips-per-genre", "1", "--seconds", "7"]).status == 0)
        let result = try ChorusProcess.run(["features", "--wav", data + "/metal/metal.00000.wav", "--npy", npy])
        #expect(result.status == 0, "\(result.stderr)")
        let header = String(decoding: try Data(contentsOf: URL(fileURLWithPath: npy)).prefix(128), as: UTF8.self)
        #expect(header.contains("'shape': (2, 128, 130)"))
    }

    @Test(arguments: [
        ["features", "--data", "/nonexistent/chorus", "--out", "/tmp/never.features"],
        ["features", "--wav", "/nonexistent/clip.wav", "--npy", "/tmp/never.npy"],
        ["features", "--data", "/tmp", "--npy", "/tmp/never.npy"],
        ["features"],
        ["synth", "--out", "/tmp/never", "--clips-per-genre", "0"],
    ])
    func badArgumentsFailWithAMessageAndNoOutput(arguments: [String]) throws {
        let result = try ChorusProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Error"))
    }
}
