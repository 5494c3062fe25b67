import Foundation

/// One participant's update, ready to be masked.
public struct PrivatizedUpdate: Sendable, Equatable {
    /// The d' ring elements (each < 2^bits) to mask and send.
    public var values: [UInt32]
    /// Coordinates of this participant's vector outside the ring's signed range
    /// [-2^(bits-1), 2^(bits-1)) that were reduced modulo 2^bits.
    public var wrapped: Int
    /// The L2 norm of the update before clipping.
    public var originalNorm: Double
    /// The L2 norm after clipping: min(originalNorm, C).
    public var clippedNorm: Double
}

extension DistributedDiscreteGaussian {
    /// Clips, rotates, scales, rounds, adds this participant's noise share and
    /// reduces modulo 2^bits, with secret randomness from libsodium.
    /// - Parameters:
    ///   - update: the flat model update, d values.
    ///   - roundSeed: the round's shared seed, which fixes the rotation.
    /// - Throws: `.dimensionMismatch` for a wrong length, `.outOfRange` for a
    ///   non-finite update, `.sodiumUnavailable`, `.roundingFailed`.
    public func privatize(update: [Float], roundSeed: RoundSeed) throws(DifferentialPrivacyError) -> PrivatizedUpdate {
        var generator = try SecureRandomGenerator()
        return try privatize(update: update, roundSeed: roundSeed, using: &generator)
    }

    /// `privatize(update:roundSeed:)` with the randomness from `generator`
    /// (tests pass a seeded one).
    package func privatize(update: [Float], roundSeed: RoundSeed,
                           using generator: inout some RandomNumberGenerator) throws(DifferentialPrivacyError) -> PrivatizedUpdate {
        var vector = try rotatedScaled(update: update, roundSeed: roundSeed)
        let originalNorm = vector.norm
        var integers = try conditionalRound(vector.values, using: &generator)
        if noiseSigma > 0 {
            let sampler = try DiscreteGaussianSampler(sigma: noiseSigma)
            for i in integers.indices { integers[i] += sampler.sample(using: &generator) }
        }
        vector.values = []
        let ring = Ring(bits: bits)
        var wrapped = 0
        let values = integers.map { value -> UInt32 in
            if !ring.holds(value) { wrapped += 1 }
            return ring.reduce(value)
        }
        return PrivatizedUpdate(values: values, wrapped: wrapped, originalNorm: originalNorm,
                                clippedNorm: min(originalNorm, clipNorm))
    }

    /// The clipped update, padded to d', rotated and divided by γ, with its
    /// norm before clipping.
    func rotatedScaled(update: [Float], roundSeed: RoundSeed) throws(DifferentialPrivacyError) -> (values: [Double], norm: Double) {
        guard update.count == dimension else {
            throw .dimensionMismatch(field: "update", expected: dimension, actual: update.count)
        }
        var padded = [Double](repeating: 0, count: paddedDimension)
        for i in update.indices { padded[i] = Double(update[i]) }
        let norm = try L2Clipping.clip(&padded, to: clipNorm)
        let rotation = try RandomizedHadamard(seed: roundSeed, dimension: paddedDimension)
        rotation.rotate(&padded)
        let inverseScale = 1 / scale
        for i in padded.indices { padded[i] *= inverseScale }
        return (padded, norm)
    }

    /// Unbiased randomized rounding (floor(x) + Bernoulli(frac(x))), redrawn
    /// while the rounded norm exceeds Δ₂, which happens with probability <= β = 1e-6
    /// per draw, so the conditioning moves the mean by at most about β.
    func conditionalRound(_ values: [Double], using generator: inout some RandomNumberGenerator) throws(DifferentialPrivacyError) -> [Int64] {
        let bound = sensitivity * sensitivity
        let attempts = 20
        for _ in 0..<attempts {
            var squaredNorm = 0.0
            let rounded = values.map { x -> Int64 in
                let r = RandomizedRounding.round(x, using: &generator)
                squaredNorm += Double(r) * Double(r)
                return r
            }
            if squaredNorm <= bound { return rounded }
        }
        throw .roundingFailed(attempts: attempts)
    }
}
