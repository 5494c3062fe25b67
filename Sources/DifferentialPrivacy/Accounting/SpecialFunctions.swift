import Foundation

/// The few special functions the accountants need, computed the way SciPy
/// computes them so that results agree with dp-accounting to ~1e-12 relative.
enum SpecialFunctions {
    /// log(exp(x) + exp(y)) without overflow; -inf is the log of zero.
    static func logAdd(_ x: Double, _ y: Double) -> Double {
        let low = min(x, y), high = max(x, y)
        if low == -.infinity { return high }
        return log1p(exp(low - high)) + high
    }

    /// log(exp(x) - exp(y)) for x > y.
    static func logSubtract(_ x: Double, _ y: Double) -> Double {
        x + log1p(-exp(y - x))
    }

    /// log|binomial(n, k)| for real n and k, through log|Γ|.
    static func logBinomial(_ n: Double, _ k: Double) -> Double {
        lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    }

    /// Φ(x), the standard normal CDF.
    static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// log Φ(x), accurate in both tails (SciPy's `log_ndtr`): the complement
    /// for x > 6, the direct log for moderate x and the asymptotic series of
    /// the Mills ratio for x < -20, where Φ underflows.
    static func logNormalCDF(_ x: Double) -> Double {
        if x > 6 { return -normalCDF(-x) }
        if x > -20 { return log(normalCDF(x)) }
        // log Φ(x) = -x²/2 - log(-x) - log(2π)/2 + log(1 - 1/x² + 3/x⁴ - ...);
        // for x ≤ -20 the terms shrink by at least 1/400·(2n+1), so 12 suffice.
        let inverseSquare = 1 / (x * x)
        var term = 1.0, sum = 1.0
        for n in 1...12 {
            term *= -Double(2 * n - 1) * inverseSquare
            sum += term
        }
        return -0.5 * x * x - log(-x) - 0.5 * log(2 * Double.pi) + log(sum)
    }

    /// log(erfc(x)), finite for large x where erfc underflows.
    static func logErfc(_ x: Double) -> Double {
        log(2.0) + logNormalCDF(-x * 2.0.squareRoot())
    }

    /// The x with log Φ(x) = logProbability, by Newton's method on log Φ
    /// (its derivative φ/Φ is positive), for the far lower tail (p < 0.5).
    static func normalQuantile(logProbability target: Double) -> Double {
        // Start from the leading term of the tail expansion, then refine.
        var x = -(-2 * target).squareRoot()
        for _ in 0..<100 {
            let value = logNormalCDF(x)
            let logDensity = -0.5 * x * x - 0.5 * log(2 * Double.pi)
            let step = (value - target) / exp(logDensity - value)
            x -= step
            if abs(step) <= 1e-15 * max(1, abs(x)) { break }
        }
        return x
    }

    /// log(a·exp(b) + c), as dp-accounting's `log_a_times_exp_b_plus_c`, for a > 0.
    static func logATimesExpBPlusC(_ a: Double, _ b: Double, _ c: Double) -> Double {
        if b == 0 { return log(a + c) }
        let d = b + log(a)
        if c == 0 { return d }
        if c < 0 { return logSubtract(d, log(-c)) }
        return logAdd(d, log(c))
    }
}
