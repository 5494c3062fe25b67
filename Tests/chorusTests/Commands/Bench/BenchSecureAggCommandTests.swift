import Foundation
import Testing
import TestSupport

/// `chorus bench mask` and `chorus bench secagg` print DESIGN.md's JSON keys on small
/// workloads, and refuse bad options with a non-zero exit and nothing on stdout.
struct BenchSecureAggCommandTests {
    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try ChorusProcess.run(arguments)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func benchMaskReportsRatesAndTheirRatio() throws {
        let report = try json(["bench", "mask", "--dim", "4096", "--neighbours", "3", "--repeats", "1", "--json", "--quiet"])
        let mask = try #require(report["mask_gb_per_s"] as? Double)
        let chacha = try #require(report["chacha20_gb_per_s"] as? Double)
        let ratio = try #require(report["mask_vs_chacha20_ratio"] as? Double)
        let aes = try #require(report["aes128ctr_gb_per_s"] as? Double)
        let prgRatio = try #require(report["mask_vs_aes128ctr_ratio"] as? Double)
        #expect(mask > 0 && chacha > 0 && aes > 0)
        #expect(abs(ratio - mask / chacha) < 1e-9)
        #expect(abs(prgRatio - mask / aes) < 1e-9)
    }

    @Test(arguments: ["complete", "sparse"])
    func benchSecAggReportsEveryStageAndACorrectSum(graph: String) throws {
        let report = try json(["bench", "secagg", "--participants", "12", "--dim", "300", "--dropout", "0.1",
                               "--graph", graph, "--json", "--quiet"])
        #expect(report["sum_correct"] as? Bool == true)
        let stages = try #require(report["stages"] as? [String: [String: Any]])
        #expect(Set(stages.keys) == ["advertise-keys", "share-keys", "masked-input", "consistency-check", "unmask"])
        for (name, stage) in stages {
            #expect(stage["client_ms"] is Double && stage["server_ms"] is Double, "\(name)")
            #expect((stage["bytes"] as? Int ?? 0) > 0, "\(name)")
        }
    }

    /// By default a participant masks what it masks in a round of the default CNN: 2^20 words (its 622,154
    /// parameters padded by the rotation), 4 bytes each on the wire, not the 622,154 parameters themselves.
    @Test func benchSecAggDefaultsToTheDefaultCNNsMaskedVector() throws {
        let report = try json(["bench", "secagg", "--participants", "3", "--dropout", "0", "--json", "--quiet"])
        #expect(report["dimension"] as? Int == 1 << 20)
        let stages = try #require(report["stages"] as? [String: [String: Any]])
        #expect((stages["masked-input"]?["bytes_up_per_client"] as? Int ?? 0) >= 4 << 20)
    }

    @Test(arguments: [["bench", "secagg", "--participants", "2"], ["bench", "secagg", "--graph", "star"],
                      ["bench", "mask", "--repeats", "0"]])
    func badOptionsFailWithoutStdout(arguments: [String]) throws {
        let result = try ChorusProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Error"))
    }
}
