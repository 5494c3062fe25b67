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
