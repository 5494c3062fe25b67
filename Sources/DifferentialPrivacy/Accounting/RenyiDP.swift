import Foundation

/// Rényi differential privacy of the Gaussian and the Poisson-subsampled
/// Gaussian mechanism (Mironov, Talwar and Zhang 2019), and its conversion to
/// (epsilon, delta), computed as dp-accounting 0.6.0 computes them.
public enum RenyiDP {
    /// dp-accounting's `DEFAULT_RDP_ORDERS`: 1.1 to 10.9 in steps of 0.1, the
    /// integers 11 to 63, and 128, 256, 512, 1024.
    public static let defaultOrders: [Double] = {
        let fractional: [Double] = (1..<100).map { (x: Int) -> Double in 1 + Double(x) / 10.0 }
        let integers: [Double] = (11..<64).map { (x: Int) -> Double in Double(x) }
        let large: [Double] = [128, 256, 512, 1024]
        return fractional + integers + large
    }()

    /// The most terms the fractional-order series may take before the order is
    /// given up, as in dp-accounting (`_MAX_STEPS_LOG_A_FRAC`).
    static let maximumFractionalSteps = 1000

    /// RDP at each order of the Gaussian mechanism with noise multiplier `z`
    /// (noise std over L2 sensitivity) applied to a Poisson sample of rate `q`.
    ///
    /// An order whose series does not converge is returned as +infinity, so it
    /// never attains the minimum in `epsilon`: dp-accounting does the same
    /// (it logs "Excluding this order"), e.g. q = 0.1, z = 1 at orders 1.1–1.5,
    /// and matching it is what makes the two agree there. Excluding an order is
    /// safe: epsilon is a minimum over orders, each of which is a valid bound.
    /// - Complexity: O(sum of integer orders + 1000 × fractional orders).
    public static func subsampledGaussian(samplingRate q: Double, noiseMultiplier z: Double,
                                          orders: [Double] = defaultOrders) -> [Double] {
        orders.map { alpha in
            if q == 0 { return 0 }
            if alpha.isInfinite || z == 0 { return .infinity }
            if q == 1 { return alpha / (2 * z * z) }
            return logA(q: q, sigma: z, alpha: alpha) / (alpha - 1)
        }
    }

    /// log A_alpha, the log moment of the privacy loss of the subsampled Gaussian.
    static func logA(q: Double, sigma: Double, alpha: Double) -> Double {
        if alpha.rounded() == alpha {
            return logAInteger(q: q, sigma: sigma, alpha: Int(alpha))
        }
        return logAFractional(q: q, sigma: sigma, alpha: alpha)
    }

    /// Binomial expansion for integer orders.
    static func logAInteger(q: Double, sigma: Double, alpha: Int) -> Double {
        var logA = -Double.infinity
        let logQ = log(q), log1mq = log1p(-q)
        let a = Double(alpha)
        for i in 0...alpha {
            let k = Double(i)
            let logCoefficient = SpecialFunctions.logBinomial(a, k) + k * logQ + (a - k) * log1mq
            logA = SpecialFunctions.logAdd(logA, logCoefficient + (k * k - k) / (2 * sigma * sigma))
        }
        return logA
    }

    /// The two-sided series of Mironov et al. 2019 §3.3 for fractional orders;
    /// +infinity when it has not converged after `maximumFractionalSteps` terms.
    static func logAFractional(q: Double, sigma: Double, alpha: Double) -> Double {
        var logA0 = -Double.infinity, logA1 = -Double.infinity
        let z0 = sigma * sigma * log(1 / q - 1) + 0.5
        let logQ = log(q), log1mq = log1p(-q)
        let root2Sigma = 2.0.squareRoot() * sigma
        var lastS0 = -Double.infinity, lastS1 = -Double.infinity
        for step in 0..<maximumFractionalSteps {
            let i = Double(step)
            let logCoefficient = SpecialFunctions.logBinomial(alpha, i)
            let j = alpha - i
            let logT0 = logCoefficient + i * logQ + j * log1mq
            let logT1 = logCoefficient + j * logQ + i * log1mq
            let logE0 = log(0.5) + SpecialFunctions.logErfc((i - z0) / root2Sigma)
            let logE1 = log(0.5) + SpecialFunctions.logErfc((z0 - j) / root2Sigma)
            let logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0
            let logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1
            logA0 = SpecialFunctions.logAdd(logA0, logS0)
            logA1 = SpecialFunctions.logAdd(logA1, logS1)
            let total = SpecialFunctions.logAdd(logA0, logA1)
            if logS0 < lastS0, logS1 < lastS1, max(logS0, logS1) < total - 30 {
                return total
            }
            lastS0 = logS0
            lastS1 = logS1
        }
        return .infinity
    }

    /// The smallest epsilon over `orders` for which the composed RDP curve
    /// `rdp` gives (epsilon, delta)-DP (Canonne, Kamath, Steinke 2020, Prop. 12),
    /// with the order attaining it.
    public static func epsilon(orders: [Double], rdp: [Double], delta: Double) -> (epsilon: Double, order: Double) {
        var best = Double.infinity, bestOrder = orders.first ?? 0
        for (alpha, r) in zip(orders, rdp) {
            let candidate: Double
            if r < 0 {
                candidate = 0
            } else if delta * delta + expm1(-r) > 0 {
                candidate = 0 // the KL bound delta <= sqrt(1 - exp(-r)) already holds
            } else if alpha > 1.01 {
                candidate = r + log1p(-1 / alpha) - log(delta * alpha) / (alpha - 1)
            } else {
                candidate = .infinity
            }
            if candidate < best {
                best = candidate
                bestOrder = alpha
            }
        }
        return (max(0, best), bestOrder)
    }

    /// The smallest delta over `orders` for which the RDP curve gives
    /// (epsilon, delta)-DP, with the order attaining it.
    public static func delta(orders: [Double], rdp: [Double], epsilon: Double) -> (delta: Double, order: Double) {
        var best = Double.infinity, bestOrder = orders.first ?? 0
        for (alpha, r) in zip(orders, rdp) {
            var logDelta: Double
            if r <= 0 {
                logDelta = -.infinity
            } else {
                logDelta = 0.5 * log1p(-exp(-r))
            }
            if alpha > 1.01 {
                let bound = (alpha - 1) * (r - epsilon + log1p(-1 / alpha)) - log(alpha)
                logDelta = min(logDelta, bound)
            }
            if logDelta < best {
                best = logDelta
                bestOrder = alpha
            }
        }
        return (min(exp(best), 1), bestOrder)
    }
}
