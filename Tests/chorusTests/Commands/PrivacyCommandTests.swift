import Foundation
import Testing
import TestSupport

/// `chorus privacy` prints DESIGN.md's JSON keys and refuses out-of-range values.
struct PrivacyCommandTests {
    private func json(_ result: ChorusProcess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func epsilonPrintsEpsilonDeltaAndAccountant() throws {
        let result = try ChorusProcess.run(["privacy", "epsilon", "--noise-multiplier", "1", "--sampling-rate", "0.01",
                                            "--rounds", "10000", "--delta", "1e-5", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result)
        #expect(object["accountant"] as? String == "rdp")
        #expect(object["delta"] as? Double == 1e-5)
        // dp-accounting 0.6.0 gives 6.712756664482653.
        let epsilon = try #require(object["epsilon"] as? Double)
        #expect(abs(epsilon / 6.712756664482653 - 1) < 1e-6)
    }

    /// Fixed-size sampling is accounted under replace-one (sensitivity 2C):
    /// dp-accounting's SampledWithoutReplacementDpEvent(1000, 100, GaussianDpEvent(1))
    /// gives 14.053750225346512 for 100 rounds, which is z = 2 over the clip norm.
    @Test func epsilonOfAFixedSampleSizeEqualsDPAccounting() throws {
        let result = try ChorusProcess.run(["privacy", "epsilon", "--noise-multiplier", "2", "--sample-size", "100",
                                            "--population", "1000", "--rounds", "100", "--delta", "1e-5", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result)
        #expect(object["neighbouring_relation"] as? String == "replace_one")
        #expect(object["sample_size"] as? Int == 100 && object["population"] as? Int == 1000)
        let epsilon = try #require(object["epsilon"] as? Double)
        #expect(abs(epsilon / 14.053750225346512 - 1) < 1e-6)
    }

    @Test func calibratePrintsNoiseMultiplierEpsilonAndDelta() throws {
        let result = try ChorusProcess.run(["privacy", "calibrate", "--target-epsilon", "3", "--sampling-rate", "0.01",
                                            "--rounds", "1000", "--delta", "1e-5", "--accountant", "pld", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result)
        let z = try #require(object["noise_multiplier"] as? Double)
        let epsilon = try #require(object["epsilon"] as? Double)
        #expect(z > 0.3 && z < 3)
        #expect(epsilon <= 3)
        #expect(object["delta"] as? Double == 1e-5)
    }

    @Test(arguments: [
        ["--noise-multiplier", "1", "--sampling-rate", "0", "--rounds", "10", "--delta", "1e-5"],
        ["--noise-multiplier", "1", "--sampling-rate", "1.5", "--rounds", "10", "--delta", "1e-5"],
        ["--noise-multiplier", "0", "--sampling-rate", "0.1", "--rounds", "10", "--delta", "1e-5"],
        ["--noise-multiplier", "1", "--sampling-rate", "0.1", "--rounds", "0", "--delta", "1e-5"],
        ["--noise-multiplier", "1", "--sampling-rate", "0.1", "--rounds", "10", "--delta", "1"],
        ["--noise-multiplier", "1", "--sampling-rate", "0.1", "--rounds", "10", "--delta", "1e-5", "--accountant", "x"],
        ["--noise-multiplier", "1", "--sample-size", "11", "--population", "10", "--rounds", "10", "--delta", "1e-5"],
        ["--noise-multiplier", "1", "--sample-size", "5", "--rounds", "10", "--delta", "1e-5"],
        ["--noise-multiplier", "1", "--sampling-rate", "0.1", "--sample-size", "5", "--population", "10", "--rounds", "10",
         "--delta", "1e-5"],
        ["--noise-multiplier", "1", "--sample-size", "5", "--population", "10", "--rounds", "10", "--delta", "1e-5",
         "--accountant", "pld"],
    ])
    func outOfRangeValuesFailWithAMessageAndNoOutput(arguments: [String]) throws {
        let result = try ChorusProcess.run(["privacy", "epsilon"] + arguments + ["--json"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Error"))
    }

    @Test func calibrateRejectsANonPositiveTarget() throws {
        let result = try ChorusProcess.run(["privacy", "calibrate", "--target-epsilon", "0", "--sampling-rate", "0.1",
                                            "--rounds", "10", "--delta", "1e-5"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--target-epsilon"))
    }
}
