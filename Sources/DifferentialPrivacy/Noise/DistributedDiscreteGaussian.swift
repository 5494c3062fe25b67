import Foundation

/// The distributed discrete Gaussian mechanism (Kairouz, Liu, Steinke 2021)
/// for one round: each participant clips its update to L2 norm C, rotates it
/// (randomized Walsh–Hadamard, d padded to the power of two d'), divides by
/// the scale γ, rounds to integers, adds its share of discrete Gaussian noise
/// and reduces modulo 2^bits. The masked sum of the survivors is then the
/// clipped sum plus integer noise, which the coordinator decodes.
///
/// Choice of scale: per coordinate the sum is sub-Gaussian with variance proxy
/// v = (nC/γ)²/d' (rotated signal, at most n aligned updates) + n/4 (rounding)
/// + n·σ² (noise shares), so P(|sum| >= 2^(bits-1)) <= 2·exp(-2^(2·bits-2)/(2v));
/// γ is the smallest scale that makes this at most `wrapProbability` (1e-6).
///
/// Accounting of the discretization: rounding is conditional (redrawn until
/// the rounded norm is within Δ₂ of Kairouz et al.'s Theorem 1 with β = 1e-6),
/// so one participant changes the integer sum by at most Δ₂ >= C/γ. Each
/// participant adds N_Z(0, σ²) with σ = ceil(z·Δ₂/sqrt(t)): t survivors give
/// noise std >= z·Δ₂, i.e. at least z·C in real units. The round is then
/// accounted as a Gaussian with `effectiveNoiseMultiplier(noisySurvivors:)`,
/// which also charges the sum-of-discrete-Gaussians gap τ (negligible here).
/// With z = 0 it is a plain quantizer: same scale, rotation and rounding, no
/// noise, for secure aggregation without DP.
public struct DistributedDiscreteGaussian: Sendable, Equatable {
    /// The update's length d.
    public let dimension: Int
    /// The masked vector's length d': the smallest power of two >= d.
    public let paddedDimension: Int
    /// The L2 clip norm C, in update units.
    public let clipNorm: Double
    /// The target noise multiplier z (noise std over C for t survivors); 0 for no noise.
    public let noiseMultiplier: Double
    /// Upper bound n on the participants whose vectors are summed (sizes the ring).
    public let expectedParticipants: Int
    /// The t for which the noise shares are sized: t survivors reach std z·C.
    public let minimumSurvivors: Int
    /// c: participants assumed to collude with the coordinator (their noise
    /// shares are known to it and do not count).
    public let assumedColluders: Int
    /// Ring bits: values live modulo 2^bits (32 for Chorus's UInt32 masking).
    public let bits: Int
    /// γ: update units per integer step.
    public let scale: Double
    /// Δ₂: the L2 bound of one participant's rounded vector, in integer steps.
    public let sensitivity: Double
    /// σ of each participant's discrete Gaussian share, in integer steps (0 without noise).
    public let noiseSigma: UInt64

    /// Target probability that a coordinate of the sum wraps around the ring.
    public static let wrapProbability = 1e-6
    /// Probability that one unconditional rounding exceeds Δ₂ (and is redrawn).
    public static let roundingBeta = 1e-6

    /// - Parameters:
    ///   - dimension: d, the update's length (>= 1).
    ///   - clipNorm: C > 0.
    ///   - noiseMultiplier: z >= 0 (0 for quantization without noise).
    ///   - expectedParticipants: n >= 1, the most vectors that will be summed.
    ///   - minimumSurvivors: t, 1 <= t <= n (t >= c + 2 with noise).
    ///   - assumedColluders: c >= 0.
    ///   - bits: ring size 2^bits, 8 ... 32.
    /// - Throws: `.outOfRange` for a bad parameter; `.ringTooSmall` when no
    ///   scale keeps the wrap-around probability at 1e-6.
    public init(dimension: Int, clipNorm: Double, noiseMultiplier: Double, expectedParticipants: Int,
                minimumSurvivors: Int, assumedColluders: Int = 0, bits: Int = 32) throws(DifferentialPrivacyError) {
        guard dimension >= 1, dimension <= 1 << 30 else {
            throw .outOfRange(parameter: "dimension", value: Double(dimension), expected: "1 ... 2^30")
        }
        guard clipNorm > 0, clipNorm.isFinite else {
            throw .outOfRange(parameter: "clip norm", value: clipNorm, expected: "a finite C > 0")
        }
        guard noiseMultiplier >= 0, noiseMultiplier.isFinite else {
            throw .outOfRange(parameter: "noise multiplier", value: noiseMultiplier, expected: "a finite z >= 0")
        }
        guard expectedParticipants >= 1 else {
            throw .outOfRange(parameter: "expected participants", value: Double(expectedParticipants), expected: ">= 1")
        }
        guard minimumSurvivors >= 1, minimumSurvivors <= expectedParticipants else {
            throw .outOfRange(parameter: "minimum survivors", value: Double(minimumSurvivors),
                              expected: "1 ... \(expectedParticipants) (the expected participants)")
        }
        guard assumedColluders >= 0, noiseMultiplier == 0 || minimumSurvivors - 1 - assumedColluders >= 1 else {
            throw .outOfRange(parameter: "assumed colluders", value: Double(assumedColluders),
                              expected: "0 ... \(minimumSurvivors - 2): with noise, the minimum survivors less one less the colluders must leave a share")
        }
        guard bits >= 8, bits <= 32 else {
            throw .outOfRange(parameter: "bits", value: Double(bits), expected: "8 ... 32")
        }
        self.dimension = dimension
        var padded = 1
        while padded < dimension { padded <<= 1 }
        paddedDimension = padded
        self.clipNorm = clipNorm
        self.noiseMultiplier = noiseMultiplier
        self.expectedParticipants = expectedParticipants
        self.minimumSurvivors = minimumSurvivors
        self.assumedColluders = assumedColluders
        self.bits = bits
        let choice = try Self.chooseScale(paddedDimension: paddedDimension, clipNorm: clipNorm, z: noiseMultiplier,
                                          n: expectedParticipants, shares: max(1, minimumSurvivors - 1 - assumedColluders),
                                          bits: bits)
        scale = choice.scale
        sensitivity = choice.sensitivity
        noiseSigma = choice.sigma
    }

    /// Δ₂(γ) of Kairouz et al. Theorem 1: with probability >= 1 - β the
    /// randomized rounding of a vector of norm c/γ in d' dimensions has norm at most this.
    static func roundedNormBound(clipNorm c: Double, scale γ: Double, paddedDimension d: Int) -> Double {
        let x = c / γ, root = Double(d).squareRoot()
        let probabilistic = x * x + Double(d) / 4 + (2 * log(1 / roundingBeta)).squareRoot() * (x + root / 2)
        return min(probabilistic.squareRoot(), x + root)
    }

    /// The per-participant σ for sensitivity Δ₂ such that `shares` shares reach
    /// std z·Δ₂: ceil(z·Δ₂/sqrt(shares)), 0 when z = 0.
    static func shareSigma(z: Double, sensitivity: Double, shares: Int) -> Double {
        z == 0 ? 0 : (z * sensitivity / Double(shares).squareRoot()).rounded(.up)
    }

    private static func chooseScale(paddedDimension d: Int, clipNorm c: Double, z: Double, n: Int, shares t: Int,
                                    bits: Int) throws(DifferentialPrivacyError) -> (scale: Double, sensitivity: Double, sigma: UInt64) {
        let half = pow(2.0, Double(bits - 1))
        let allowed = half * half / (2 * log(2 / wrapProbability)) // largest variance proxy v
        func proxy(_ γ: Double) -> Double {
            let signal = Double(n) * c / γ
            let sigma = shareSigma(z: z, sensitivity: roundedNormBound(clipNorm: c, scale: γ, paddedDimension: d), shares: t)
            return signal * signal / Double(d) + Double(n) / 4 + Double(n) * sigma * sigma
        }
        // proxy falls as γ grows; bisect log γ between 1e-15·C and 1e15·C.
        var low = log(c) - 35, high = log(c) + 35
        guard proxy(exp(high)) <= allowed else {
            throw .ringTooSmall(bits: bits, reason: "rounding and noise alone exceed the range for n = \(n), d' = \(d), z = \(z)")
        }
        for _ in 0..<200 where high - low > 1e-12 {
            let middle = (low + high) / 2
            if proxy(exp(middle)) <= allowed { high = middle } else { low = middle }
        }
        let γ = exp(high)
        let sensitivity = roundedNormBound(clipNorm: c, scale: γ, paddedDimension: d)
        let sigma = shareSigma(z: z, sensitivity: sensitivity, shares: t)
        guard sigma <= Double(1 << 40) else {
            throw .ringTooSmall(bits: bits, reason: "the noise share σ = \(sigma) exceeds the sampler's 2^40")
        }
        return (γ, sensitivity, UInt64(sigma))
    }

    /// The noise shares that protect one participant when `noisySurvivors`
    /// added theirs: the others', less the assumed colluders'; 0 when none remain.
    public func protectingShares(noisySurvivors: Int) -> Int {
        max(0, noisySurvivors - 1 - assumedColluders)
    }

    /// The noise multiplier the round reaches when `noisySurvivors` participants
    /// really added their shares: sqrt(k)·σ/Δ₂ for the k protecting shares, the
    /// std of their summed noise over the sensitivity; 0 without noise.
    public func effectiveNoiseMultiplier(noisySurvivors: Int) -> Double {
        let shares = protectingShares(noisySurvivors: noisySurvivors)
        guard shares >= 1, noiseSigma > 0 else { return 0 }
        return Double(shares).squareRoot() * Double(noiseSigma) / sensitivity
    }

    /// What the round is accounted as when `noisySurvivors` added their shares:
    /// the sum of the k protecting discrete Gaussians on d' coordinates with
    /// sensitivity Δ₂ (Kairouz et al.'s bound); nil without noise or shares.
    public func accountedSum(noisySurvivors: Int) -> DiscreteGaussianSum? {
        sum(ofShares: protectingShares(noisySurvivors: noisySurvivors))
    }

    /// The sum of `shares` of this mechanism's noise shares on its d' coordinates
    /// with sensitivity Δ₂, as a party that counts on exactly that many accounts
    /// it; nil without noise or shares.
    public func sum(ofShares shares: Int) -> DiscreteGaussianSum? {
        guard shares >= 1, noiseSigma > 0 else { return nil }
        return DiscreteGaussianSum(shares: shares, sigma: Double(noiseSigma), sensitivity: sensitivity,
                                   dimension: paddedDimension)
    }
}
