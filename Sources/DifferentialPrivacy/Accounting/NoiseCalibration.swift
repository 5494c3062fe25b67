import Foundation

/// Calibration of the noise multiplier z for a target epsilon.
public enum NoiseCalibration {
    /// The largest z tried before calibration gives up.
    static let maximumNoiseMultiplier = 1e4
    /// The smallest z tried: below it the budget is already spent by a single round.
    static let minimumNoiseMultiplier = 1e-2

    /// The smallest noise multiplier z (to relative precision `tolerance`)
    /// such that `rounds` rounds at `samplingRate` are (epsilon, delta)-DP with
    /// epsilon <= `targetEpsilon`, and that epsilon. Epsilon decreases as z
    /// grows, so a doubling search brackets z and bisection narrows it; the
    /// returned z is the upper end of the bracket, so it always meets the target.
    /// - Throws: `.outOfRange` for invalid parameters, `.calibrationFailed` when
    ///   even z = 10^4 overshoots the target.
    public static func noiseMultiplier(targetEpsilon: Double, samplingRate: Double, rounds: Int,
                                       delta: Double, accountant: AccountantKind,
                                       tolerance: Double = 1e-4) throws(DifferentialPrivacyError) -> (noiseMultiplier: Double, epsilon: Double) {
        try noiseMultiplier(targetEpsilon: targetEpsilon, sampling: .poisson(rate: samplingRate), rounds: rounds,
                            delta: delta, accountant: accountant, tolerance: tolerance)
    }

    /// `noiseMultiplier(targetEpsilon:samplingRate:...)` for rounds sampled by `sampling`.
    public static func noiseMultiplier(targetEpsilon: Double, sampling: SamplingScheme, rounds: Int,
                                       delta: Double, accountant: AccountantKind,
                                       tolerance: Double = 1e-4) throws(DifferentialPrivacyError) -> (noiseMultiplier: Double, epsilon: Double) {
        try noiseMultiplier(targetEpsilon: targetEpsilon, tolerance: tolerance) { z throws(DifferentialPrivacyError) in
            var run = PrivacyAccountant()
            try run.addRounds(sampling: sampling, noiseMultiplier: z, count: rounds)
            return try run.epsilon(delta: delta, accountant: accountant)
        }
    }

    /// The smallest z (to relative precision `tolerance`) whose `epsilon(z)`
    /// is at most `targetEpsilon`, and that epsilon, for any accounting that
    /// decreases as z grows (e.g. a run of the distributed discrete Gaussian
    /// accounted round by round as its coordinator will).
    /// - Throws: what `epsilon` throws for z = 1, `.outOfRange` for a bad
    ///   target, `.calibrationFailed` when even z = 10^4 overshoots it.
    public static func noiseMultiplier(targetEpsilon: Double, tolerance: Double = 1e-4,
                                       epsilon: (Double) throws(DifferentialPrivacyError) -> Double)
        throws(DifferentialPrivacyError) -> (noiseMultiplier: Double, epsilon: Double) {
        guard targetEpsilon > 0, targetEpsilon.isFinite else {
            throw .outOfRange(parameter: "target epsilon", value: targetEpsilon, expected: "a finite epsilon > 0")
        }
        // The first evaluation validates the parameters; later ones may only
        // fail because a tiny z needs too large a PLD grid, which counts as
        // "too little noise".
        func searchEpsilon(_ z: Double) -> Double { (try? epsilon(z)) ?? .infinity }
        var high = 1.0
        var highEpsilon = try epsilon(high)
        while highEpsilon > targetEpsilon {
            high *= 2
            guard high <= maximumNoiseMultiplier else {
                throw .calibrationFailed(targetEpsilon: targetEpsilon,
                                         reason: "z = \(maximumNoiseMultiplier) still gives a larger epsilon")
            }
            highEpsilon = searchEpsilon(high)
        }
        var low = high / 2
        while low >= minimumNoiseMultiplier, searchEpsilon(low) <= targetEpsilon {
            high = low
            low /= 2
        }
        highEpsilon = searchEpsilon(high)
        while high / low - 1 > tolerance {
            let middle = (low * high).squareRoot()
            let middleEpsilon = searchEpsilon(middle)
            if middleEpsilon <= targetEpsilon {
                high = middle
                highEpsilon = middleEpsilon
            } else {
                low = middle
            }
        }
        return (high, highEpsilon)
    }
}
