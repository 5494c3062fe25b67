import DifferentialPrivacy
import Foundation
import Testing
import TestSupport

/// Adaptive clipping moves C toward the target quantile and accounts its count.
struct AdaptiveClippingTests {
    @Test func clipNormShrinksWhenMoreThanTheQuantileFitsAndGrowsOtherwise() throws {
        var clipping = try AdaptiveClipping(clipNorm: 1, targetQuantile: 0.5, learningRate: 0.2, countNoiseStd: 5)
        clipping.update(noisyCount: 90, participants: 100)
        #expect(abs(clipping.clipNorm - exp(-0.2 * 0.4)) < 1e-12)
        clipping.update(noisyCount: 10, participants: 100)
        #expect(abs(clipping.clipNorm - 1) < 1e-12)
    }

    @Test func updateNoiseMultiplierKeepsTheCombinedOneAtTheTotal() throws {
        let update = try AdaptiveClipping.updateNoiseMultiplier(total: 1.1, countNoiseStd: 5)
        #expect(update > 1.1)
        #expect(abs(AdaptiveClipping.combinedNoiseMultiplier(update: update, countNoiseStd: 5) - 1.1) < 1e-12)
        #expect(throws: DifferentialPrivacyError.self) {
            try AdaptiveClipping.updateNoiseMultiplier(total: 2, countNoiseStd: 1)
        }
    }

    @Test func privatizedIndicatorsSumToTheCountPlusNoise() throws {
        let clipping = try AdaptiveClipping(clipNorm: 1, countNoiseStd: 3)
        var generator = SplitMix64(seed: 7)
        // 50 participants, 30 within the clip norm; each adds σ = ceil(3/sqrt(50)) = 1 noise.
        var sum: UInt32 = 0
        for i in 0..<50 {
            sum &+= try clipping.privatizedIndicator(updateNorm: i < 30 ? 0.5 : 2, minimumSurvivors: 50,
                                                     using: &generator)
        }
        let count = AdaptiveClipping.decodeCount(sum: sum)
        // Noise std sqrt(50) ≈ 7.1: 5 standard deviations.
        #expect(abs(count - 30) < 36)
        #expect(try clipping.shareSigma(minimumSurvivors: 50) == 1)
    }
}
