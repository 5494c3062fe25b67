import Foundation
import Testing
import TestSupport

/// `chorus bench round --json` names its measures for what they are: the participants'
/// step times as wall time (the old `participant_cpu_seconds` kept beside them) and the
/// process's CPU time per mode, and what secure aggregation must compute per round.
struct BenchRoundCommandTests {
    @Test func benchRoundReportsParticipantWallTimesAndProcessCPUPerMode() throws {
        let result = try ChorusProcess.run(["bench", "round", "--participants", "3", "--rounds", "1", "--architecture", "linear",
                                            "--no-training", "--dp", "off", "--json", "--quiet"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let report = try #require(object as? [String: Any])
        #expect((report["overhead_ratio"] as? Double ?? 0) > 0)
        for mode in ["secagg_on", "secagg_off"] {
            let measures = try #require(report[mode] as? [String: Any], "\(mode)")
            let cpu = try #require(measures["process_cpu_seconds"] as? Double, "\(mode)")
            #expect(cpu > 0, "\(mode)")
            let wall = try #require(measures["participant_wall_seconds"] as? [String: Double], "\(mode)")
            #expect(wall["privatize"] != nil, "\(mode)")
            #expect(measures["participant_cpu_seconds"] as? [String: Double] == wall, "\(mode)")
        }
        let secureWall = try #require((report["secagg_on"] as? [String: Any])?["participant_wall_seconds"] as? [String: Double])
        #expect(secureWall["client_masked-input"] != nil)
        // Three members are too few for a sparse graph: everyone is everyone's neighbour (k = 2). The linear
        // model's 2,650 parameters pad to d' = 4096 words; each member masks with k + 1 streams and the
        // coordinator regenerates 3 self masks: (3·3 + 3) · 4096 words · 4 bytes.
        let workload = try #require(report["secagg_workload"] as? [String: Any])
        #expect(workload["neighbours"] as? Int == 2)
        #expect(workload["masked_words"] as? Int == 4096)
        #expect(workload["keystream_gb_per_round"] as? Double == Double(12 * 4096 * 4) / 1e9)
    }
}
