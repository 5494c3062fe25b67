import DifferentialPrivacy
import Foundation

/// `chorus bench privacy`'s workload: account a run of heterogeneous rounds,
/// by RDP and by PLD, and the same with Google's dp-accounting (Python) in the
/// same run. Rounds differ as in a real run: the sampling rate changes when the
/// roster grows, and each round's effective noise multiplier follows the
/// number of survivors that added noise (z·sqrt(survivors / t)).
struct PrivacyBench {
    struct Round: Codable { var q: Double; var z: Double }

    struct Measurement {
        var seconds: Double
        var epsilon: Double
    }

    var rounds: [Round]
    var delta: Double

    /// A deterministic schedule: q = 0.01 for the first half, 0.02 after;
    /// survivors 45…60 out of a threshold t = 50 from a fixed hash of the round.
    static func schedule(count: Int, noiseMultiplier z: Double = 1, threshold t: Int = 50) -> [Round] {
        (0..<count).map { round in
            var mix = UInt64(round) &* 0x9E37_79B9_7F4A_7C15
            mix ^= mix >> 31
            mix &*= 0xBF58_476D_1CE4_E5B9
            mix ^= mix >> 29
            let survivors = 45 + Int(mix % 16)
            let q = round < count / 2 ? 0.01 : 0.02
            return Round(q: q, z: z * (Double(survivors) / Double(t)).squareRoot())
        }
    }

    /// Median time over `repeats` of composing every round, one call per
    /// round, then asking epsilon at `delta`.
    func measure(_ kind: AccountantKind, repeats: Int) throws -> Measurement {
        var times: [Double] = []
        var epsilon = 0.0
        for _ in 0..<max(1, repeats) {
            let clock = ContinuousClock()
            let start = clock.now
            var accountant = PrivacyAccountant()
            for round in rounds {
                try accountant.addRounds(samplingRate: round.q, noiseMultiplier: round.z)
            }
            epsilon = try accountant.epsilon(delta: delta, accountant: kind)
            let elapsed = clock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return Measurement(seconds: times.sorted()[times.count / 2], epsilon: epsilon)
    }
}
