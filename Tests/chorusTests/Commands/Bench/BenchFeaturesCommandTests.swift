import Foundation
import Testing
import TestSupport

/// `chorus bench features --json` reports DESIGN.md's key (speed itself is never asserted).
struct BenchFeaturesCommandTests {
    @Test func jsonReportsSegmentsPerSecondOnTheGivenClips() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("corpus").path
        #expect(try ChorusProcess.run(["synth", "--out", data, "--clips-per-genre", "1", "--seconds", "3"]).status == 0)
        let result = try ChorusProcess.run(["bench", "features", "--data", data, "--repeats", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["segments"] as? Int == 10)
        #expect((object?["segments_per_s"] as? Double ?? 0) > 0)
        #expect((object?["single_thread_segments_per_s"] as? Double ?? 0) > 0)
    }
}
