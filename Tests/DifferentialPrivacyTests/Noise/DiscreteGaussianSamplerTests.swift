import DifferentialPrivacy
import Foundation
import Testing
import TestSupport

/// The exact sampler's draws have the discrete Gaussian's moments and shape.
struct DiscreteGaussianSamplerTests {
    /// The exact probabilities of N_Z(0, σ²) on -limit...limit.
    private func probabilities(sigma: Double, limit: Int) -> [Double] {
        let weights = (-limit...limit).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    @Test(arguments: [1, 3, 1000] as [UInt64])
    func meanAndVarianceMatchTheory(sigma: UInt64) throws {
        let sampler = try DiscreteGaussianSampler(sigma: sigma)
        var generator = SplitMix64(seed: sigma)
        let count = 20_000
        let draws = (0..<count).map { _ in Double(sampler.sample(using: &generator)) }
        let mean = draws.reduce(0, +) / Double(count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
        // Theory: mean 0; variance Σ x² p(x) (for σ >= 1 within 1e-8 of σ²).
        let s = Double(sigma)
        let limit = Int(12 * s) + 2
        let theoretical = zip(-limit...limit, probabilities(sigma: s, limit: limit))
            .reduce(0) { $0 + Double($1.0 * $1.0) * $1.1 }
        // 5 standard errors: sd(mean) = σ/sqrt(n), sd(variance) ≈ σ²·sqrt(2/n).
        #expect(abs(mean) < 5 * theoretical.squareRoot() / Double(count).squareRoot())
        #expect(abs(variance - theoretical) < 5 * theoretical * (2 / Double(count)).squareRoot())
    }

    @Test func histogramPassesChiSquareIncludingTheTails() throws {
        let sigma = 3.0
        let sampler = try DiscreteGaussianSampler(sigma: 3)
        var generator = SplitMix64(seed: 2020)
        let count = 40_000
        // Bins: each x in -9...9, and the two tails |x| >= 10 (beyond 3.3σ).
        var observed = [Int](repeating: 0, count: 21)
        for _ in 0..<count {
            let x = Int(sampler.sample(using: &generator))
            observed[min(20, max(0, x + 10))] += 1
        }
        let p = probabilities(sigma: sigma, limit: 60)
        var expected = [Double](repeating: 0, count: 21)
        for (offset, probability) in p.enumerated() {
            expected[min(20, max(0, offset - 60 + 10))] += probability * Double(count)
        }
        let chiSquare = zip(observed, expected).reduce(0) { $0 + pow(Double($1.0) - $1.1, 2) / $1.1 }
        // 20 degrees of freedom: the 0.999 quantile is 45.3.
        #expect(chiSquare < 45.3, "chi-square \(chiSquare)")
        // The tails on their own: P(|X| >= 10) = 2·expected[0]/count; 5 standard errors.
        let tail = Double(observed[0] + observed[20]), tailExpected = expected[0] + expected[20]
        #expect(abs(tail - tailExpected) < 5 * tailExpected.squareRoot() + 1, "tail \(tail) vs \(tailExpected)")
    }

    @Test func symmetricAroundZero() throws {
        let sampler = try DiscreteGaussianSampler(sigma: 2)
        var generator = SplitMix64(seed: 11)
        var positive = 0, negative = 0
        for _ in 0..<20_000 {
            let x = sampler.sample(using: &generator)
            if x > 0 { positive += 1 } else if x < 0 { negative += 1 }
        }
        // Equal in expectation; sd of the difference ≈ sqrt(positive + negative) ≈ 130.
        #expect(abs(positive - negative) < 650)
    }

    @Test func rejectsSigmaOutsideItsRange() {
        #expect(throws: DifferentialPrivacyError.self) { try DiscreteGaussianSampler(sigma: 0) }
        #expect(throws: DifferentialPrivacyError.self) { try DiscreteGaussianSampler(sigma: 1 << 41) }
    }

    @Test func libsodiumGeneratorDrawsDiffer() throws {
        var generator = try SecureRandomGenerator()
        let draws = (0..<64).map { _ in generator.next() }
        #expect(Set(draws).count == 64)
    }
}
