import ML
import Testing

/// Optimizer updates follow PyTorch's formulas, checked against hand computation.
struct OptimizerTests {
    @Test func sgdWithMomentumAndWeightDecayMatchesHandComputation() {
        var state = OptimizerState(optimizer: .sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01), parameterCount: 2)
        var w: [Float] = [1, -2]
        state.step(&w, gradients: [0.5, 0.25], rate: 0.1)
        // g = ∇ + 0.01·w = [0.51, 0.23]; v = g; w = w − 0.1·v
        #expect(abs(w[0] - 0.949) < 1e-6 && abs(w[1] - (-2.023)) < 1e-6)
        state.step(&w, gradients: [0.5, 0.25], rate: 0.1)
        // g = [0.5 + 0.00949, 0.25 − 0.02023]; v = 0.9·v + g
        let v0 = 0.9 * 0.51 + 0.50949, v1 = 0.9 * 0.23 + 0.22977
        #expect(abs(Double(w[0]) - (0.949 - 0.1 * v0)) < 1e-6)
        #expect(abs(Double(w[1]) - (-2.023 - 0.1 * v1)) < 1e-6)
    }

    @Test func adamFirstStepMovesEachWeightByTheLearningRateAgainstItsGradientSign() {
        var state = OptimizerState(optimizer: .adam(learningRate: 0.01), parameterCount: 3)
        var w: [Float] = [0, 0, 0]
        state.step(&w, gradients: [3, -0.001, 0], rate: 0.01)
        // Bias-corrected m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε).
        #expect(abs(w[0] + 0.01) < 1e-6)
        #expect(abs(w[1] - 0.01) < 1e-5)
        #expect(w[2] == 0)
    }

    @Test func schedulesGiveTheirDocumentedRates() {
        #expect(LearningRateSchedule.constant.rate(base: 0.1, epoch: 7, epochs: 10) == 0.1)
        #expect(abs(LearningRateSchedule.step(every: 3, factor: 0.5).rate(base: 0.1, epoch: 7, epochs: 10) - 0.025) < 1e-7)
        let cosine = LearningRateSchedule.cosine(minimumFraction: 0.1)
        #expect(cosine.rate(base: 1, epoch: 0, epochs: 5) == 1)
        #expect(abs(cosine.rate(base: 1, epoch: 2, epochs: 5) - 0.55) < 1e-6)
        #expect(abs(cosine.rate(base: 1, epoch: 4, epochs: 5) - 0.1) < 1e-6)
    }

    @Test(arguments: [Optimizer.sgd(learningRate: 0), .sgd(learningRate: 0.1, momentum: 1),
                      .adam(learningRate: 0.1, beta2: 1), .adam(learningRate: .nan)])
    func outOfRangeCoefficientsAreRejected(optimizer: Optimizer) {
        #expect(throws: MLError.self) { try optimizer.validate() }
    }
}
