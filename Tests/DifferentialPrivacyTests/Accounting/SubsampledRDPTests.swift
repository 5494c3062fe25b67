import DifferentialPrivacy
import Foundation
import Testing

/// The sampling a round really used is what is accounted: fixed-size samples
/// without replacement and the distributed discrete Gaussian have their own
/// bounds, equal to the reference implementations (scripts/check_dp_accounting.py
/// made these values with dp-accounting 0.6.0 and with its `ddg_rdp`, written
/// from the papers).
struct SubsampledRDPTests {
    /// Relative tolerance: the same formulas in double precision agree to ~1e-13;
    /// the contract with dp-accounting is 0.1%.
    static let tolerance = 1e-9

    static func close(_ got: Double, _ want: Double) -> Bool {
        abs(got - want) <= tolerance * abs(want)
    }

    /// The example: q = 0.1, z = 1, 100 rounds, delta 1e-5 is 7.90 by
    /// Poisson, but a fixed sample of 100 of 1000 must be accounted under
    /// replace-one, where the sum of updates clipped to C moves by 2C: 83.9 at
    /// z = 1 over C, and dp-accounting's 14.05 needs z = 2 over C.
    @Test func fixedSizeSamplingCostsMoreThanPoissonAtTheSameRate() throws {
        var poisson = PrivacyAccountant()
        try poisson.addRounds(samplingRate: 0.1, noiseMultiplier: 1, count: 100)
        #expect(Self.close(try poisson.epsilon(delta: 1e-5, accountant: .rdp), 7.903850223578231))
        var fixed = PrivacyAccountant()
        try fixed.addRounds(sampling: .withoutReplacement(sampleSize: 100, population: 1000), noiseMultiplier: 1, count: 100)
        #expect(Self.close(try fixed.epsilon(delta: 1e-5, accountant: .rdp), 83.93691709771716))
        var doubled = PrivacyAccountant()
        try doubled.addRounds(sampling: .withoutReplacement(sampleSize: 100, population: 1000), noiseMultiplier: 2, count: 100)
        #expect(Self.close(try doubled.epsilon(delta: 1e-5, accountant: .rdp), 14.053750225346512))
    }

    @Test(arguments: [
        (10, 1000, 1.0, 1000, 1e-5, 20.987072439841914),
        (500, 1000, 4.0, 10, 1e-7, 8.03569540395209),
        (1000, 1000, 2.0, 100, 1e-5, 96.11630842505602),
    ])
    func withoutReplacementEqualsDPAccounting(sample: (Int, Int, Double, Int, Double, Double)) throws {
        let (m, n, z, rounds, delta, expected) = sample
        var accountant = PrivacyAccountant()
        try accountant.addRounds(sampling: .withoutReplacement(sampleSize: m, population: n), noiseMultiplier: z, count: rounds)
        let epsilon = try accountant.epsilon(delta: delta, accountant: .rdp)
        #expect(Self.close(epsilon, expected), "m \(m) of \(n), z \(z), T \(rounds): \(epsilon), expected \(expected)")
    }

    @Test(arguments: [
        (59, 3.0, 10.0, 4096, 0.1, false, 100, 3.5568753438973335),
        (59, 3.0, 10.0, 4096, 0.1, true, 100, 11.641888337851686),
        (10, 0.5, 10.0, 64, 1.0, false, 10, 1795.869464389586),
        (99, 40.0, 300.0, 65536, 1.0, false, 20, 20.695550512499754),
        (5, 2.0, 8.0, 1024, 0.05, false, 50, 12.984919942762302),
    ])
    func discreteGaussianSumEqualsTheIndependentReference(
        point: (Int, Double, Double, Int, Double, Bool, Int, Double)
    ) throws {
        let (shares, sigma, sensitivity, dimension, q, withoutReplacement, rounds, expected) = point
        let sum = DiscreteGaussianSum(shares: shares, sigma: sigma, sensitivity: sensitivity, dimension: dimension)
        let sampling: SamplingScheme = withoutReplacement
            ? .withoutReplacement(sampleSize: Int((q * 1000).rounded()), population: 1000) : .poisson(rate: q)
        var accountant = PrivacyAccountant()
        try accountant.addRounds(sampling: sampling, discreteGaussian: sum, count: rounds)
        let epsilon = try accountant.epsilon(delta: 1e-5, accountant: .rdp)
        #expect(Self.close(epsilon, expected), "\(point): \(epsilon)")
    }

    /// τ charges the gap between a sum of small discrete Gaussians and one
    /// Gaussian: with σ = 0.5 the bound is far above the Gaussian's at equal scale.
    @Test func smallSharesAreChargedTheirGapToTheGaussian() throws {
        let coarse = DiscreteGaussianSum(shares: 10, sigma: 0.5, sensitivity: 10, dimension: 64)
        #expect(coarse.tau > 0.1)
        #expect(coarse.rdp(order: 2) > 2 / (2 * coarse.noiseMultiplier * coarse.noiseMultiplier) * 1.5)
        let fine = DiscreteGaussianSum(shares: 10, sigma: 10, sensitivity: 100, dimension: 64)
        #expect(fine.tau == 0)
        #expect(Self.close(fine.rdp(order: 2), 2 / (2 * fine.noiseMultiplier * fine.noiseMultiplier)))
    }

    @Test func pldIsRefusedWhereItIsNotSound() throws {
        var discrete = PrivacyAccountant()
        try discrete.addRounds(sampling: .poisson(rate: 1),
                               discreteGaussian: DiscreteGaussianSum(shares: 9, sigma: 5, sensitivity: 20, dimension: 1024))
        #expect(throws: DifferentialPrivacyError.self) { try discrete.epsilon(delta: 1e-5, accountant: .pld) }
        var fixed = PrivacyAccountant()
        try fixed.addRounds(sampling: .withoutReplacement(sampleSize: 5, population: 50), noiseMultiplier: 1)
        #expect(throws: DifferentialPrivacyError.self) { try fixed.epsilon(delta: 1e-5, accountant: .pld) }
    }

    @Test func checkpointOfEverySchemeRoundTrips() throws {
        var accountant = PrivacyAccountant()
        try accountant.addRounds(sampling: .withoutReplacement(sampleSize: 5, population: 50), noiseMultiplier: 1.3, count: 4)
        try accountant.addRounds(sampling: .poisson(rate: 0.2),
                                 discreteGaussian: DiscreteGaussianSum(shares: 9, sigma: 5, sensitivity: 20, dimension: 1024),
                                 count: 3)
        try accountant.addRounds(samplingRate: 0.2, noiseMultiplier: 1.3)
        let decoded = try JSONDecoder().decode(PrivacyAccountant.self, from: JSONEncoder().encode(accountant))
        #expect(decoded == accountant && decoded.groups.count == 3 && decoded.rounds == 8)
        #expect(try decoded.epsilon(delta: 1e-5, accountant: .rdp) == accountant.epsilon(delta: 1e-5, accountant: .rdp))
    }

    @Test func invalidSamplesAreTypedErrors() {
        var accountant = PrivacyAccountant()
        #expect(throws: DifferentialPrivacyError.self) {
            try accountant.addRounds(sampling: .withoutReplacement(sampleSize: 11, population: 10), noiseMultiplier: 1)
        }
        #expect(throws: DifferentialPrivacyError.self) {
            try accountant.addRounds(sampling: .withoutReplacement(sampleSize: 0, population: 10), noiseMultiplier: 1)
        }
    }
}
