import Foundation

/// A discretized privacy loss distribution (Koskela et al.; Doroshenko et al.
/// 2022): probability `probabilities[i]` on the loss `(lowerLoss + i) × interval`,
/// plus `infinityMass` on +infinity. Pessimistic: its hockey-stick divergences
/// bound those of the mechanism from above (up to the tail truncation added to
/// `infinityMass`).
struct PrivacyLossPMF: Sendable, Equatable {
    /// The grid step of losses (dp-accounting's `value_discretization_interval`).
    var interval: Double
    /// The grid index of the first probability.
    var lowerLoss: Int
    var probabilities: [Double]
    var infinityMass: Double

    /// The delta of the epsilon-hockey-stick divergence:
    /// infinityMass + Σ_{loss > ε} (1 - e^(ε - loss)) p(loss).
    func delta(forEpsilon epsilon: Double) -> Double {
        var delta = infinityMass
        for (offset, probability) in probabilities.enumerated() {
            let loss = Double(lowerLoss + offset) * interval
            if loss > epsilon {
                delta += -expm1(epsilon - loss) * probability
            }
        }
        return delta
    }

    /// The smallest epsilon >= 0 whose hockey-stick divergence is at most
    /// `delta`, or +infinity when even an infinite epsilon leaves more than
    /// `delta` (the infinity mass exceeds it). Walks losses from the top,
    /// as dp-accounting's `_get_epsilon_for_delta`.
    func epsilon(forDelta delta: Double) -> Double {
        if infinityMass > delta { return .infinity }
        var massUpper = infinityMass, massLower = 0.0
        var index = probabilities.count - 1
        while index >= 0 {
            let loss = Double(lowerLoss + index) * interval
            let probability = probabilities[index]
            if massUpper > delta, massLower > 0, log((massUpper - delta) / massLower) >= loss {
                break
            }
            massUpper += probability
            massLower += exp(-loss) * probability
            if massUpper >= delta, massLower == 0 {
                return max(0, loss)
            }
            index -= 1
        }
        if massUpper <= massLower + delta { return 0 }
        return log((massUpper - delta) / massLower)
    }
}
