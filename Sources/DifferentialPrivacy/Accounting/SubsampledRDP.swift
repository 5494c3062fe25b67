import Foundation

/// Rényi DP of a mechanism applied to a random subsample, from the mechanism's
/// own RDP ε(α) at integer orders: generic bounds that hold for any mechanism,
/// used for the distributed discrete Gaussian, and the sharper bound of the
/// Gaussian under sampling without replacement that dp-accounting computes.
///
/// Every function returns log A_α, where the subsampled mechanism is
/// (α, log A_α / (α − 1))-RDP; +infinity when a term overflows.
enum SubsampledRDP {
    /// Zhu and Wang 2019 ("Poisson subsampled Rényi differential privacy"),
    /// Theorem 6, the general upper bound under add-or-remove-one adjacency,
    /// for integer α >= 2 and 0 < q < 1:
    /// A_α <= (1−q)^(α−1)(1 + (α−1)q) + C(α,2) q² (1−q)^(α−2) e^ε(2)
    ///        + 3 Σ_{l=3}^{α} C(α,l) q^l (1−q)^(α−l) e^((l−1)ε(l)).
    /// - Complexity: O(α) calls of `rdp`.
    static func poissonLogA(order alpha: Int, samplingRate q: Double, rdp: (Int) -> Double) -> Double {
        precondition(alpha >= 2 && q > 0 && q < 1, "Zhu-Wang needs an integer order >= 2 and 0 < q < 1")
        let a = Double(alpha), logQ = log(q), log1mq = log1p(-q)
        var logA = (a - 1) * log1mq + log1p((a - 1) * q)
        logA = SpecialFunctions.logAdd(logA, SpecialFunctions.logBinomial(a, 2) + 2 * logQ + (a - 2) * log1mq + rdp(2))
        if alpha >= 3 {
            for l in 3...alpha {
                let k = Double(l)
                let term = log(3) + SpecialFunctions.logBinomial(a, k) + k * logQ + (a - k) * log1mq + (k - 1) * rdp(l)
                logA = SpecialFunctions.logAdd(logA, term)
            }
        }
        return logA
    }

    /// Wang, Balle and Kasiviswanathan 2019 ("Subsampled Rényi differential
    /// privacy and analytical moments accountant"), Theorem 9 under replace-one
    /// adjacency, for integer α >= 2 and sampling fraction q = m/N:
    /// A_α <= 1 + q² C(α,2) min(4(e^ε(2) − 1), 2e^ε(2)) + Σ_{j=3}^{α} q^j C(α,j) b_j,
    /// b_j = 2 e^((j−1)ε(j)), or with Theorem 27's refinement for the Gaussian
    /// (`forwardDifferences`, the logs of |Δ^ℓ| of e^((k−1)ε(k)) at 0)
    /// b_j = min(b_j, 4 sqrt(Δ^(2⌊j/2⌋) Δ^(2⌈j/2⌉))).
    /// - Complexity: O(α) calls of `rdp`.
    static func withoutReplacementLogA(order alpha: Int, fraction q: Double, rdp: (Int) -> Double,
                                       forwardDifferences: [Double]? = nil) -> Double {
        precondition(alpha >= 2 && q > 0 && q < 1, "the subsampling bound needs an integer order >= 2 and 0 < q < 1")
        let a = Double(alpha), logQ = log(q)
        let epsilon2 = rdp(2)
        let second = min(log(4) + epsilon2 + log(-expm1(-epsilon2)), epsilon2 + log(2))
        var logA = SpecialFunctions.logAdd(0, 2 * logQ + SpecialFunctions.logBinomial(a, 2) + second)
        if alpha >= 3 {
            for j in 3...alpha {
                var b = log(2) + Double(j - 1) * rdp(j)
                if let differences = forwardDifferences {
                    let low = differences[2 * (j / 2)], high = differences[2 * ((j + 1) / 2)]
                    b = min(b, log(4) + 0.5 * (low + high))
                }
                logA = SpecialFunctions.logAdd(logA, Double(j) * logQ + SpecialFunctions.logBinomial(a, Double(j)) + b)
            }
        }
        return logA
    }

    /// log|Δ^ℓ f(0)| for ℓ = 0 ... `count`, of f(0) = 1, f(k) = e^((k−1)ε(k))
    /// (k >= 1), by repeated differencing in log space with signs (Theorem 27
    /// of Wang et al. 2019 needs the even ones).
    static func logForwardDifferences(count: Int, rdp: (Int) -> Double) -> [Double] {
        var values: [(log: Double, positive: Bool)] = [(0, true)]
        for k in 1...(count + 1) { values.append((Double(k - 1) * rdp(k), true)) }
        var result = [values[0].log]
        for order in 1...count {
            for i in 0..<(values.count - order) {
                values[i] = difference(values[i + 1], values[i])
            }
            result.append(values[0].log)
        }
        return result
    }

    /// x − y for signed numbers held as (log|v|, v >= 0).
    private static func difference(_ x: (log: Double, positive: Bool),
                                   _ y: (log: Double, positive: Bool)) -> (log: Double, positive: Bool) {
        if x.positive != y.positive { return (SpecialFunctions.logAdd(x.log, y.log), x.positive) }
        if x.log == y.log { return (-.infinity, true) }
        let larger = x.log > y.log
        let magnitude = SpecialFunctions.logSubtract(max(x.log, y.log), min(x.log, y.log))
        return (magnitude, larger == x.positive)
    }

    /// RDP at each order of the Gaussian with noise multiplier `z` (over the
    /// replace-one sensitivity) on a sample of m of N without replacement, as
    /// dp-accounting 0.6.0 bounds it: Theorem 27 up to order 256, Theorem 9
    /// above, and fractional orders interpolated between the neighbouring
    /// integers (Corollary 10), log A_1 being 0.
    static func gaussianWithoutReplacement(fraction q: Double, noiseMultiplier z: Double, orders: [Double]) -> [Double] {
        let rdp: (Int) -> Double = { Double($0) / (2 * z * z) }
        let largest = Int((orders.filter { $0 <= Double(refinedOrderLimit) }.max() ?? 2).rounded(.up))
        let differences = logForwardDifferences(count: max(largest, 2) + 1, rdp: rdp)
        func logA(_ alpha: Int) -> Double {
            if alpha <= 1 { return 0 }
            return withoutReplacementLogA(order: alpha, fraction: q, rdp: rdp,
                                          forwardDifferences: alpha <= refinedOrderLimit ? differences : nil)
        }
        return orders.map { alpha in
            if q == 1 { return alpha / (2 * z * z) }
            if alpha.isInfinite { return .infinity }
            let floor = alpha.rounded(.down), t = alpha - floor
            let interpolated = t == 0 ? logA(Int(floor)) : (1 - t) * logA(Int(floor)) + t * logA(Int(floor) + 1)
            return interpolated / (alpha - 1)
        }
    }

    /// The highest order at which Theorem 27's forward differences are used
    /// (dp-accounting's `max_alpha`; they cost O(α²) to form).
    static let refinedOrderLimit = 256
}
