import Foundation

/// Adaptive clipping (Andrew, Thakkar, McMahan, Ramaswamy 2019): the clip
/// norm follows a target quantile of the participants' update norms,
/// C ← C·exp(-η·(b̄ - γ)), where b̄ is the noised fraction of participants
/// whose norm was at most C.
///
/// Privacy: each participant contributes a bit b ∈ {0, 1} (sensitivity 1)
/// with noise std σ_b on the sum of bits. Released together with the update
/// sum (noise multiplier z_Δ), the pair is exactly a Gaussian mechanism with
/// 1/z² = 1/z_Δ² + 1/σ_b², so the round is accounted with that z
/// (`combinedNoiseMultiplier`); `updateNoiseMultiplier` inverts it so the
/// total stays at a planned z.
public struct AdaptiveClipping: Sendable, Codable, Equatable {
    /// The current clip norm C.
    public private(set) var clipNorm: Double
    /// The quantile γ of update norms the clip norm tracks (0.5 = the median).
    public var targetQuantile: Double
    /// The geometric learning rate η.
    public var learningRate: Double
    /// σ_b, the std of the noise on the count of clipped-within bits
    /// (Andrew et al. suggest expected participants / 20).
    public var countNoiseStd: Double

    /// - Throws: `.outOfRange` unless C > 0, 0 < γ < 1, η > 0 and σ_b > 0.
    public init(clipNorm: Double, targetQuantile: Double = 0.5, learningRate: Double = 0.2,
                countNoiseStd: Double) throws(DifferentialPrivacyError) {
        guard clipNorm > 0, clipNorm.isFinite else {
            throw .outOfRange(parameter: "clip norm", value: clipNorm, expected: "a finite C > 0")
        }
        guard targetQuantile > 0, targetQuantile < 1 else {
            throw .outOfRange(parameter: "target quantile", value: targetQuantile, expected: "0 < γ < 1")
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw .outOfRange(parameter: "learning rate", value: learningRate, expected: "a finite η > 0")
        }
        guard countNoiseStd > 0, countNoiseStd.isFinite else {
            throw .outOfRange(parameter: "count noise std", value: countNoiseStd, expected: "a finite σ_b > 0")
        }
        self.clipNorm = clipNorm
        self.targetQuantile = targetQuantile
        self.learningRate = learningRate
        self.countNoiseStd = countNoiseStd
    }

    enum CodingKeys: String, CodingKey {
        case clipNorm = "clip_norm", targetQuantile = "target_quantile", learningRate = "learning_rate"
        case countNoiseStd = "count_noise_std"
    }

    /// Decodes a checkpointed state through the checking initializer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(clipNorm: try container.decode(Double.self, forKey: .clipNorm),
                      targetQuantile: try container.decode(Double.self, forKey: .targetQuantile),
                      learningRate: try container.decode(Double.self, forKey: .learningRate),
                      countNoiseStd: try container.decode(Double.self, forKey: .countNoiseStd))
    }

    /// The participant's bit: 1 when its update norm is within the clip norm.
    public func indicator(updateNorm: Double) -> Int {
        updateNorm <= clipNorm ? 1 : 0
    }

    /// The participant's bit plus its discrete Gaussian share of the count
    /// noise (σ = ceil(σ_b/sqrt(t)), so t survivors reach σ_b), in the 32-bit
    /// ring, to be masked beside the update.
    public func privatizedIndicator(updateNorm: Double, minimumSurvivors t: Int) throws(DifferentialPrivacyError) -> UInt32 {
        var generator = try SecureRandomGenerator()
        return try privatizedIndicator(updateNorm: updateNorm, minimumSurvivors: t, using: &generator)
    }

    package func privatizedIndicator(updateNorm: Double, minimumSurvivors t: Int,
                                     using generator: inout some RandomNumberGenerator) throws(DifferentialPrivacyError) -> UInt32 {
        let sampler = try DiscreteGaussianSampler(sigma: try shareSigma(minimumSurvivors: t))
        return Ring(bits: 32).reduce(Int64(indicator(updateNorm: updateNorm)) + sampler.sample(using: &generator))
    }

    /// Each participant's count-noise σ for `t` minimum survivors.
    public func shareSigma(minimumSurvivors t: Int) throws(DifferentialPrivacyError) -> UInt64 {
        guard t >= 1 else {
            throw .outOfRange(parameter: "minimum survivors", value: Double(t), expected: ">= 1")
        }
        return UInt64(max(1, (countNoiseStd / Double(t).squareRoot()).rounded(.up)))
    }

    /// Centres the unmasked sum of privatized indicators: the noised count.
    public static func decodeCount(sum: UInt32) -> Double {
        Double(Ring(bits: 32).centered(sum))
    }

    /// Moves the clip norm toward the target quantile given the noised count
    /// of participants within it, out of `participants` summed.
    public mutating func update(noisyCount: Double, participants: Int) {
        guard participants >= 1, noisyCount.isFinite else { return }
        let fraction = min(1, max(0, noisyCount / Double(participants)))
        clipNorm *= exp(-learningRate * (fraction - targetQuantile))
    }

    /// The noise multiplier of the update and the count released together.
    public static func combinedNoiseMultiplier(update zUpdate: Double, countNoiseStd: Double) -> Double {
        guard zUpdate > 0, countNoiseStd > 0 else { return 0 }
        return 1 / (1 / (zUpdate * zUpdate) + 1 / (countNoiseStd * countNoiseStd)).squareRoot()
    }

    /// The update's noise multiplier that keeps the combined one at `total`.
    /// - Throws: `.outOfRange` unless σ_b > total (the count alone would spend more).
    public static func updateNoiseMultiplier(total: Double, countNoiseStd: Double) throws(DifferentialPrivacyError) -> Double {
        guard total > 0, countNoiseStd > total else {
            throw .outOfRange(parameter: "count noise std", value: countNoiseStd,
                              expected: "more than the total noise multiplier \(total)")
        }
        return 1 / (1 / (total * total) - 1 / (countNoiseStd * countNoiseStd)).squareRoot()
    }
}
