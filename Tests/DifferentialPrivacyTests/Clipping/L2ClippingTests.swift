import DifferentialPrivacy
import Testing
import TestSupport

/// Clipping bounds the L2 norm by C and leaves short vectors alone.
struct L2ClippingTests {
    @Test(arguments: 0..<20)
    func clippedNormIsAtMostTheClipNorm(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let count = Int.random(in: 1...500, using: &generator)
        let magnitude = Double.random(in: 0.01...100, using: &generator)
        var vector = (0..<count).map { _ in Double.random(in: -magnitude...magnitude, using: &generator) }
        let original = vector
        let clipNorm = Double.random(in: 0.1...10, using: &generator)
        let norm = try L2Clipping.clip(&vector, to: clipNorm)
        // 1e-12 relative: one rounding per coordinate in the scaling.
        #expect(L2Clipping.l2Norm(vector) <= clipNorm * (1 + 1e-12), "seed \(seed)")
        if norm <= clipNorm {
            #expect(vector == original, "seed \(seed): a short vector must not change")
        } else {
            // Same direction: each coordinate scaled by C/norm.
            for (a, b) in zip(vector, original) { #expect(abs(a - b * clipNorm / norm) <= 1e-12 * abs(b) + 1e-300) }
        }
    }

    @Test func nonFiniteUpdateIsRejected() {
        var vector = [1.0, .nan, 2.0]
        #expect(throws: DifferentialPrivacyError.self) { try L2Clipping.clip(&vector, to: 1) }
        var infinite = [Double.infinity]
        #expect(throws: DifferentialPrivacyError.self) { try L2Clipping.clip(&infinite, to: 1) }
    }

    @Test func normDoesNotOverflowForHugeCoordinates() {
        // Two roundings in the scaled sum: 1e-15 relative.
        #expect(abs(L2Clipping.l2Norm([3e200, 4e200]) / 5e200 - 1) < 1e-15)
        #expect(L2Clipping.l2Norm([.nan, 1]).isNaN)
    }
}
