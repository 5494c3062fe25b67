import DifferentialPrivacy
import Foundation
import Testing
import TestSupport

/// Privatize on each participant, sum modulo 2^32, decode on the coordinator.
struct DistributedDiscreteGaussianTests {
    private func seed(_ value: UInt8) throws -> RoundSeed {
        try RoundSeed(bytes: (0..<32).map { $0 &+ value })
    }

    private func randomUpdate(_ count: Int, scale: Double, using generator: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float(Double.random(in: -scale...scale, using: &generator)) }
    }

    private func clipped(_ update: [Float], to clipNorm: Double) throws -> [Double] {
        var values = update.map(Double.init)
        try L2Clipping.clip(&values, to: clipNorm)
        return values
    }

    @Test func paddedDimensionIsTheNextPowerOfTwo() throws {
        for (d, padded) in [(1, 1), (4, 4), (5, 8), (622_154, 1_048_576)] {
            let mechanism = try DistributedDiscreteGaussian(dimension: d, clipNorm: 1, noiseMultiplier: 1,
                                                            expectedParticipants: 10, minimumSurvivors: 5)
            #expect(mechanism.paddedDimension == padded)
        }
    }

    @Test func quantizeThenDecodeIsUnbiasedWithBoundedError() throws {
        // An 8-bit ring makes the step γ coarse enough to see rounding.
        let mechanism = try DistributedDiscreteGaussian(dimension: 50, clipNorm: 1, noiseMultiplier: 0,
                                                        expectedParticipants: 1, minimumSurvivors: 1, bits: 8)
        var generator = SplitMix64(seed: 42)
        let update = randomUpdate(50, scale: 0.3, using: &generator)
        let truth = try clipped(update, to: 1)
        let trials = 400
        var meanError = [Double](repeating: 0, count: 50)
        let roundSeed = try seed(1)
        for trial in 0..<trials {
            let privatized = try mechanism.privatize(update: update, roundSeed: roundSeed, using: &generator)
            #expect(privatized.wrapped == 0)
            let decoded = try mechanism.decode(sum: privatized.values, survivors: 1, roundSeed: roundSeed)
            let error = zip(decoded, truth).map { Double($0) - $1 }
            // Each rotated coordinate moves by less than γ, so ‖error‖ < γ·sqrt(d') (+ Float rounding).
            let norm = L2Clipping.l2Norm(error)
            #expect(norm < mechanism.scale * Double(mechanism.paddedDimension).squareRoot() + 1e-5, "trial \(trial)")
            for i in meanError.indices { meanError[i] += error[i] / Double(trials) }
        }
        // Unbiased: each coordinate's error has sd <= γ/2 per trial, so the
        // mean over 400 trials has sd <= γ/40; allow 5 of them (+ Float rounding).
        #expect(mechanism.scale > 1e-3, "the test needs a visible step")
        for (i, error) in meanError.enumerated() {
            #expect(abs(error) < 5 * mechanism.scale / 40 + 1e-6, "coordinate \(i): mean error \(error)")
        }
    }

    @Test func sumOfPrivatizedUpdatesIsTheClippedSumPlusNoiseOfTheStatedVariance() throws {
        let n = 20, d = 200, z = 1.0, clipNorm = 1.0
        let mechanism = try DistributedDiscreteGaussian(dimension: d, clipNorm: clipNorm, noiseMultiplier: z,
                                                        expectedParticipants: n, minimumSurvivors: n)
        var generator = SplitMix64(seed: 99)
        var residuals: [Double] = []
        for round in 0..<4 {
            let roundSeed = try seed(UInt8(round))
            var sum = [UInt32](repeating: 0, count: mechanism.paddedDimension)
            var clippedSum = [Double](repeating: 0, count: d)
            for _ in 0..<n {
                let update = randomUpdate(d, scale: 0.2, using: &generator)  // norms ≈ 1.6: clipped
                let privatized = try mechanism.privatize(update: update, roundSeed: roundSeed, using: &generator)
                #expect(privatized.clippedNorm <= clipNorm)
                #expect(privatized.wrapped == 0)
                for i in sum.indices { sum[i] &+= privatized.values[i] }
                for (i, value) in try clipped(update, to: clipNorm).enumerated() { clippedSum[i] += value }
            }
            let decodedSum = try mechanism.decode(sum: sum, survivors: 1, roundSeed: roundSeed)
            residuals += zip(decodedSum, clippedSum).map { Double($0) - $1 }
        }
        // Stated noise: n shares of σ steps of γ, variance n·σ²·γ² per coordinate, sized so
        // that the n − 1 shares protecting one participant reach (zC)² (rounding adds at
        // most n/4·γ², negligible at 32 bits).
        let stated = Double(n) * pow(Double(mechanism.noiseSigma) * mechanism.scale, 2)
        let protecting = stated * Double(n - 1) / Double(n)
        #expect(protecting >= pow(z * clipNorm, 2))
        #expect(protecting <= pow(z * clipNorm, 2) * 1.01)
        let mean = residuals.reduce(0, +) / Double(residuals.count)
        let variance = residuals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(residuals.count - 1)
        // 800 residuals: sd(variance)/variance ≈ sqrt(2/800) = 5%; allow 4 of them.
        #expect(abs(variance / stated - 1) < 0.2, "variance \(variance) vs stated \(stated)")
        #expect(abs(mean) < 5 * (stated / Double(residuals.count)).squareRoot())
    }

    @Test func effectiveNoiseMultiplierFollowsTheNoisySurvivors() throws {
        let mechanism = try DistributedDiscreteGaussian(dimension: 1000, clipNorm: 0.5, noiseMultiplier: 1.2,
                                                        expectedParticipants: 100, minimumSurvivors: 40)
        let atThreshold = mechanism.effectiveNoiseMultiplier(noisySurvivors: 40)
        // Integer rounding of σ only adds noise; Δ₂ exceeds C/γ by a relative 1e-9 at 32 bits.
        #expect(atThreshold >= 1.2 * (1 - 1e-6) && atThreshold < 1.2 * 1.001)
        // A participant is protected by the others' shares only: 9 of 10, 39 of 40.
        let fewer = mechanism.effectiveNoiseMultiplier(noisySurvivors: 10)
        #expect(abs(fewer / atThreshold - (9.0 / 39).squareRoot()) < 1e-9)
        #expect(mechanism.effectiveNoiseMultiplier(noisySurvivors: 1) == 0)
        #expect(mechanism.effectiveNoiseMultiplier(noisySurvivors: 0) == 0)
    }

    /// With c colluders assumed, the t − 1 − c shares left to protect one
    /// participant in a round with only t survivors still reach the planned z,
    /// and the round's accounting uses exactly those shares.
    @Test(arguments: [0, 1, 5, 20])
    func sharesAreSizedForTheSurvivorsLessOneLessTheColluders(colluders: Int) throws {
        let z = 1.2, t = 40
        let mechanism = try DistributedDiscreteGaussian(dimension: 1000, clipNorm: 0.5, noiseMultiplier: z,
                                                        expectedParticipants: 100, minimumSurvivors: t,
                                                        assumedColluders: colluders)
        #expect(mechanism.protectingShares(noisySurvivors: t) == t - 1 - colluders)
        let effective = mechanism.effectiveNoiseMultiplier(noisySurvivors: t)
        #expect(effective >= z * (1 - 1e-6) && effective < z * 1.01, "c \(colluders): effective z \(effective)")
        let sum = try #require(mechanism.accountedSum(noisySurvivors: t))
        #expect(abs(sum.noiseMultiplier / effective - 1) < 1e-12)
        // Without the colluder assumption the shares would fall short of z once c shares are known.
        let naive = try DistributedDiscreteGaussian(dimension: 1000, clipNorm: 0.5, noiseMultiplier: z,
                                                    expectedParticipants: 100, minimumSurvivors: t)
        if colluders > 0 {
            let known = Double(naive.protectingShares(noisySurvivors: t) - colluders).squareRoot()
            #expect(known * Double(naive.noiseSigma) / naive.sensitivity < z)
        }
    }

    @Test func noShareLeftForOneParticipantIsRefused() {
        #expect(throws: DifferentialPrivacyError.self) {
            try DistributedDiscreteGaussian(dimension: 100, clipNorm: 1, noiseMultiplier: 1, expectedParticipants: 10,
                                            minimumSurvivors: 4, assumedColluders: 3)
        }
    }

    @Test func noWrapAroundAtTwelveBits() throws {
        let mechanism = try DistributedDiscreteGaussian(dimension: 64, clipNorm: 1, noiseMultiplier: 0.5,
                                                        expectedParticipants: 8, minimumSurvivors: 4, bits: 12)
        var generator = SplitMix64(seed: 5)
        let roundSeed = try seed(9)
        var sum = [UInt32](repeating: 0, count: 64)
        var clippedSum = [Double](repeating: 0, count: 64)
        for _ in 0..<8 {
            // Aligned updates: the worst case for the signal's range.
            let update = [Float](repeating: 0.5, count: 64)
            let privatized = try mechanism.privatize(update: update, roundSeed: roundSeed, using: &generator)
            for i in sum.indices { sum[i] &+= privatized.values[i] }
            for (i, value) in try clipped(update, to: 1).enumerated() { clippedSum[i] += value }
        }
        let decoded = try mechanism.decode(sum: sum, survivors: 8, roundSeed: roundSeed)
        // Noise std of the average: sqrt(8)·σ·γ/8; a wrap would move a coordinate by 2^12·γ/8.
        let noiseStd = (8.0).squareRoot() * Double(mechanism.noiseSigma) * mechanism.scale / 8
        for (i, value) in decoded.enumerated() {
            #expect(abs(Double(value) - clippedSum[i] / 8) < 6 * noiseStd + mechanism.scale, "coordinate \(i)")
        }
    }

    @Test func badInputsAreTypedErrors() throws {
        let mechanism = try DistributedDiscreteGaussian(dimension: 10, clipNorm: 1, noiseMultiplier: 1,
                                                        expectedParticipants: 5, minimumSurvivors: 3)
        let roundSeed = try seed(0)
        #expect(throws: DifferentialPrivacyError.dimensionMismatch(field: "update", expected: 10, actual: 9)) {
            try mechanism.privatize(update: [Float](repeating: 0, count: 9), roundSeed: roundSeed)
        }
        #expect(throws: DifferentialPrivacyError.self) {
            try mechanism.privatize(update: [Float](repeating: .nan, count: 10), roundSeed: roundSeed)
        }
        #expect(throws: DifferentialPrivacyError.dimensionMismatch(field: "summed update", expected: 16, actual: 10)) {
            try mechanism.decode(sum: [UInt32](repeating: 0, count: 10), survivors: 3, roundSeed: roundSeed)
        }
        #expect(throws: DifferentialPrivacyError.self) { try RoundSeed(bytes: [1, 2, 3]) }
        #expect(throws: DifferentialPrivacyError.self) {
            try DistributedDiscreteGaussian(dimension: 10, clipNorm: 1, noiseMultiplier: 1,
                                            expectedParticipants: 5, minimumSurvivors: 6)
        }
        // 8 bits cannot hold the noise of a million participants.
        #expect(throws: DifferentialPrivacyError.self) {
            try DistributedDiscreteGaussian(dimension: 10, clipNorm: 1, noiseMultiplier: 1,
                                            expectedParticipants: 1_000_000, minimumSurvivors: 1, bits: 8)
        }
    }

    @Test func productionPathUsesLibsodiumAndStaysInTheRing() throws {
        let mechanism = try DistributedDiscreteGaussian(dimension: 100, clipNorm: 1, noiseMultiplier: 1,
                                                        expectedParticipants: 10, minimumSurvivors: 5)
        let privatized = try mechanism.privatize(update: [Float](repeating: 1, count: 100), roundSeed: try seed(3))
        #expect(privatized.values.count == 128)
        #expect(abs(privatized.originalNorm - 10) < 1e-9)
        #expect(privatized.clippedNorm == 1)
        #expect(privatized.wrapped == 0)
    }
}
