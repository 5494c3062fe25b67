import DifferentialPrivacy
import Foundation
import Testing

/// The accountants agree with dp-accounting 0.6.0 and compose heterogeneous rounds.
struct PrivacyAccountantTests {
    /// (accountant, q, z, T, epsilon at delta 1e-5) printed by dp-accounting 0.6.0
    /// (scripts/check_dp_accounting.py runs the same comparison over its grid).
    static let reference: [(AccountantKind, Double, Double, Int, Double)] = [
        (.rdp, 0.01, 1, 10_000, 6.712756664482653),
        (.rdp, 0.001, 0.5, 10_000, 6.4183673231347385),
        (.rdp, 0.1, 1, 1_000, 27.163494340026944),  // orders 1.1–1.5 dropped, as dp-accounting does
        (.rdp, 1, 0.5, 1, 10.725509696418232),
        (.rdp, 0.001, 10, 1, 0.0035066090798109165),
        (.pld, 0.01, 10, 10_000, 0.3425103244229827),
        (.pld, 1, 0.5, 1, 9.997256150285885),
        (.pld, 0.001, 10, 1, 9.847953459018256e-05),
    ]

    @Test(arguments: reference.indices)
    func epsilonMatchesDPAccounting(index: Int) throws {
        let (kind, q, z, rounds, expected) = Self.reference[index]
        var accountant = PrivacyAccountant()
        try accountant.addRounds(samplingRate: q, noiseMultiplier: z, count: rounds)
        let epsilon = try accountant.epsilon(delta: 1e-5, accountant: kind)
        // 1e-6 relative: same formulas and discretization; libm against SciPy,
        // FFTW against NumPy's FFT.
        #expect(abs(epsilon / expected - 1) < 1e-6, "\(kind) q \(q) z \(z) T \(rounds): \(epsilon) vs \(expected)")
    }

    /// Without amplification a scheme keeps its relation and takes everyone: a Poisson
    /// round at rate 1, a fixed-size round of the whole population (replace-one, so its
    /// sensitivity stays 2C and it costs what the Gaussian at z/2 costs).
    @Test func withoutAmplificationKeepsTheRelationAndTakesEveryone() throws {
        #expect(SamplingScheme.poisson(rate: 0.1).withoutAmplification == .poisson(rate: 1))
        let fixed = SamplingScheme.withoutReplacement(sampleSize: 10, population: 100).withoutAmplification
        #expect(fixed == .withoutReplacement(sampleSize: 100, population: 100))
        #expect(fixed.neighbouringRelation == "replace_one")
        var whole = PrivacyAccountant(), halfNoise = PrivacyAccountant()
        try whole.addRounds(sampling: fixed, noiseMultiplier: 2, count: 5)
        try halfNoise.addRounds(samplingRate: 1, noiseMultiplier: 1, count: 5)
        let replaced = try whole.epsilon(delta: 1e-5, accountant: .rdp)
        let gaussian = try halfNoise.epsilon(delta: 1e-5, accountant: .rdp)
        #expect(abs(replaced - gaussian) <= 1e-9 * gaussian, "\(replaced) vs \(gaussian)")
    }

    @Test func gaussianRDPIsTheClosedForm() {
        let curve = RenyiDP.subsampledGaussian(samplingRate: 1, noiseMultiplier: 2)
        for (alpha, value) in zip(RenyiDP.defaultOrders, curve) { #expect(value == alpha / 8) }
        #expect(RenyiDP.defaultOrders.count == 99 + 53 + 4)
    }

    @Test func pldIsTighterThanRDPAndDeltaInvertsEpsilon() throws {
        var accountant = PrivacyAccountant()
        try accountant.addRounds(samplingRate: 0.05, noiseMultiplier: 1.1, count: 200)
        for kind in AccountantKind.allCases {
            let epsilon = try accountant.epsilon(delta: 1e-6, accountant: kind)
            let delta = try accountant.delta(epsilon: epsilon, accountant: kind)
            #expect(delta <= 1e-6 * 1.001, "\(kind): delta(epsilon(1e-6)) = \(delta)")
        }
        #expect(try accountant.epsilon(delta: 1e-6, accountant: .pld) < accountant.epsilon(delta: 1e-6, accountant: .rdp))
    }

    @Test func heterogeneousRoundsComposeInAnyOrder() throws {
        let rounds: [(Double, Double)] = [(0.02, 1.0), (0.05, 0.9), (0.02, 1.0), (1, 5), (0.05, 1.3), (0.02, 1.0)]
        var forward = PrivacyAccountant(), backward = PrivacyAccountant()
        for (q, z) in rounds { try forward.addRounds(samplingRate: q, noiseMultiplier: z) }
        for (q, z) in rounds.reversed() { try backward.addRounds(samplingRate: q, noiseMultiplier: z) }
        #expect(forward.rounds == 6 && forward.groups.count == 4)
        for kind in AccountantKind.allCases {
            let a = try forward.epsilon(delta: 1e-5, accountant: kind)
            let b = try backward.epsilon(delta: 1e-5, accountant: kind)
            #expect(abs(a / b - 1) < 1e-9, "\(kind)")
        }
        // Composition only adds: one more round never lowers epsilon.
        var more = forward
        try more.addRounds(samplingRate: 0.01, noiseMultiplier: 2)
        #expect(try more.epsilon(delta: 1e-5, accountant: .pld) > forward.epsilon(delta: 1e-5, accountant: .pld))
    }

    @Test func stateSurvivesACodableRoundTrip() throws {
        var accountant = PrivacyAccountant()
        try accountant.addRounds(samplingRate: 0.1, noiseMultiplier: 1.5, count: 30)
        try accountant.addRounds(samplingRate: 0.1, noiseMultiplier: 1.2)
        let decoded = try JSONDecoder().decode(PrivacyAccountant.self, from: JSONEncoder().encode(accountant))
        #expect(decoded == accountant)
        #expect(try decoded.epsilon(delta: 1e-5, accountant: .rdp) == accountant.epsilon(delta: 1e-5, accountant: .rdp))
    }

    @Test func outOfRangeValuesAreRejected() throws {
        var accountant = PrivacyAccountant()
        #expect(throws: DifferentialPrivacyError.self) { try accountant.addRounds(samplingRate: 0, noiseMultiplier: 1) }
        #expect(throws: DifferentialPrivacyError.self) { try accountant.addRounds(samplingRate: 1.5, noiseMultiplier: 1) }
        #expect(throws: DifferentialPrivacyError.self) { try accountant.addRounds(samplingRate: 0.5, noiseMultiplier: 0) }
        #expect(throws: DifferentialPrivacyError.self) { try accountant.addRounds(samplingRate: 0.5, noiseMultiplier: 1, count: 0) }
        #expect(throws: DifferentialPrivacyError.self) { try accountant.epsilon(delta: 1, accountant: .rdp) }
        #expect(try accountant.epsilon(delta: 1e-5, accountant: .pld) == 0)
    }

    @Test func calibratedNoiseMeetsTheTargetAndIsNearlyTheSmallest() throws {
        for kind in AccountantKind.allCases {
            let result = try NoiseCalibration.noiseMultiplier(targetEpsilon: 2, samplingRate: 0.02, rounds: 300,
                                                              delta: 1e-5, accountant: kind)
            #expect(result.epsilon <= 2)
            var slightlyLess = PrivacyAccountant()
            try slightlyLess.addRounds(samplingRate: 0.02, noiseMultiplier: result.noiseMultiplier * 0.999, count: 300)
            #expect(try slightlyLess.epsilon(delta: 1e-5, accountant: kind) > 2, "\(kind)")
        }
    }
}

/// Checkpoints decode through the same checks as live calls.
struct PrivacyAccountantDecodingTests {
    @Test func corruptCheckpointIsAnError() {
        let json = #"{"groups":[{"sampling_rate":1.5,"noise_multiplier":1,"rounds":3}]}"#
        #expect(throws: DifferentialPrivacyError.self) {
            try JSONDecoder().decode(PrivacyAccountant.self, from: Data(json.utf8))
        }
        #expect(throws: DifferentialPrivacyError.self) {
            try JSONDecoder().decode(RoundSeed.self, from: Data("[1,2,3]".utf8))
        }
    }
}
