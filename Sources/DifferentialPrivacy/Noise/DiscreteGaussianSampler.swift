/// Exact sampling from the discrete Gaussian N_Z(0, σ²), P(x) ∝ exp(-x²/(2σ²))
/// on the integers, by Canonne, Kamath and Steinke 2020 (Algorithms 1–3): a
/// discrete Laplace proposal accepted with a Bernoulli(exp(-γ)) coin. Every
/// step is integer arithmetic on random bits (no floating point, no
/// Box–Muller), so the output has exactly the stated distribution.
///
/// σ is an integer, so the Laplace scale is t = σ and the acceptance exponent
/// γ = (|Y| - σ)²/(2σ²) is a ratio of integers (CKS allow any t > 0; t = σ
/// keeps the expected number of trials below 2.5). Arithmetic is in UInt128;
/// a proposal beyond |Y| = 2^60 (probability below e^-(2^20) for σ <= 2^40)
/// is rejected so that no product can overflow.
public struct DiscreteGaussianSampler: Sendable {
    /// The standard deviation parameter σ (an integer >= 1).
    public let sigma: UInt64

    /// - Throws: `.outOfRange` unless 1 <= σ <= 2^40.
    public init(sigma: UInt64) throws(DifferentialPrivacyError) {
        guard sigma >= 1, sigma <= 1 << 40 else {
            throw .outOfRange(parameter: "discrete Gaussian sigma", value: Double(sigma), expected: "1 ... 2^40")
        }
        self.sigma = sigma
    }

    /// One draw from N_Z(0, σ²) using `generator`'s bits.
    public func sample(using generator: inout some RandomNumberGenerator) -> Int64 {
        let s = UInt128(sigma)
        let denominator = 2 * s * s
        while true {
            let y = Self.discreteLaplace(scale: sigma, using: &generator)
            let magnitude = UInt128(y.magnitude)
            guard magnitude < 1 << 60 else { continue }
            let difference = magnitude > s ? magnitude - s : s - magnitude
            if Self.bernoulliExp(numerator: difference * difference, denominator: denominator, using: &generator) {
                return y
            }
        }
    }

    /// Discrete Laplace with P(x) ∝ exp(-|x|/t) (CKS Algorithm 2).
    static func discreteLaplace(scale t: UInt64, using generator: inout some RandomNumberGenerator) -> Int64 {
        while true {
            let u = generator.next(upperBound: t)
            guard bernoulliExp(numerator: UInt128(u), denominator: UInt128(t), using: &generator) else { continue }
            var v: UInt64 = 0
            while bernoulliExp(numerator: 1, denominator: 1, using: &generator) { v += 1 }
            let (tv, overflow) = t.multipliedReportingOverflow(by: v)
            guard !overflow, tv <= UInt64(Int64.max) - u else { continue }
            let x = Int64(u + tv)
            let negative = generator.next() & 1 == 1
            if negative && x == 0 { continue }
            return negative ? -x : x
        }
    }

    /// A coin that is true with probability exp(-n/d) (CKS Algorithm 1):
    /// floor(n/d) coins of exp(-1), then one of exp(-(n mod d)/d).
    static func bernoulliExp(numerator n: UInt128, denominator d: UInt128,
                             using generator: inout some RandomNumberGenerator) -> Bool {
        var whole = n / d
        while whole > 0 {
            if !bernoulliExpAtMostOne(numerator: 1, denominator: 1, using: &generator) { return false }
            whole -= 1
        }
        return bernoulliExpAtMostOne(numerator: n % d, denominator: d, using: &generator)
    }

    /// exp(-γ) for γ = n/d in [0, 1]: count K while Bernoulli(γ/K) succeeds;
    /// the coin is true iff K ends odd.
    private static func bernoulliExpAtMostOne(numerator n: UInt128, denominator d: UInt128,
                                              using generator: inout some RandomNumberGenerator) -> Bool {
        var k: UInt128 = 1
        while true {
            let (bound, overflow) = d.multipliedReportingOverflow(by: k)
            // γ/K < 2^-60 once d·K overflows; treating that coin as a failure
            // shifts the probability by less than 2^-60.
            if overflow || uniform(below: bound, using: &generator) >= n { break }
            k += 1
        }
        return k % 2 == 1
    }

    /// A uniform integer in [0, bound), bound > 0, by rejection on masked bits.
    static func uniform(below bound: UInt128, using generator: inout some RandomNumberGenerator) -> UInt128 {
        if bound <= UInt128(UInt64.max) {
            return UInt128(generator.next(upperBound: UInt64(bound)))
        }
        let bits = 128 - (bound - 1).leadingZeroBitCount
        let mask: UInt128 = bits == 128 ? ~0 : (1 << bits) - 1
        while true {
            let draw = (UInt128(generator.next()) << 64 | UInt128(generator.next())) & mask
            if draw < bound { return draw }
        }
    }
}
