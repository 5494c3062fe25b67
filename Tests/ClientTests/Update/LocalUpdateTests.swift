import Client
import DifferentialPrivacy
import Federation
import ML
import SecureAgg
import Testing
import TestSupport

struct LocalUpdateTests {
    /// DP off: decoding one participant's quantized vector gives back its clipped
    /// update Δ = w_local − w, within the quantizer's rounding (a few steps γ).
    @Test func quantizedUpdateDecodesToTheClippedTrainingDelta() throws {
        var plan = try ParticipantPolicyTests.plan(z: 0)
        plan.quantization = QuantizationParameters(clipNorm: 0.05, noiseMultiplier: 0, expectedParticipants: 4,
                                                   minimumSurvivors: 2)
        let architecture = plan.architecture
        var generator = SplitMix64(seed: 5)
        let segments = 8
        let data = FeatureSet(labelNames: ["a", "b"], melBands: 8, frames: 8,
                              values: (0..<(segments * 64)).map { _ in -Float(generator.next() % 80) },
                              labels: (0..<segments).map { Int32($0 % 2) }, clipIndices: (0..<segments).map { Int32($0) },
                              clips: (0..<segments).map { "clip\($0)" })
        let global = try Network(architecture: architecture, seed: 3).parameters

        let update = try LocalUpdate.compute(plan: plan, parameters: global, data: data)

        var trained = try Network(architecture: architecture, parameters: global)
        let summary = try Trainer.train(&trained, on: data, epochs: 1, batchSize: 4, optimizer: .sgd(learningRate: 0.1),
                                        seed: plan.training.seed &+ UInt64(plan.participant.rawValue))
        var delta = zip(trained.parameters, global).map { Double($0 - $1) }
        let norm = delta.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0.05 { delta = delta.map { $0 * 0.05 / norm } }
        let mechanism = try plan.quantization.mechanism(dimension: architecture.parameterCount)
        let decoded = try mechanism.decode(sum: update.vector, survivors: 1, roundSeed: plan.roundSeed)

        // The vector sent is the privatized update and nothing else: the loss stays local.
        #expect(update.vector.count == mechanism.paddedDimension)
        #expect(update.vector.count == UpdateLayout.vectorLength(dimension: architecture.parameterCount))
        #expect(update.loss == summary.epochs.last?.trainLoss)
        // Rounding costs a few quantization steps γ; the decoded average is float32 (relative 2^-23).
        for index in delta.indices {
            let tolerance = 10 * mechanism.scale + 1e-6 * abs(delta[index])
            #expect(abs(Double(decoded[index]) - delta[index]) <= tolerance, "coordinate \(index)")
        }
    }

    @Test func withoutDataTheUpdateIsSyntheticAndTheLossZero() throws {
        let plan = try ParticipantPolicyTests.plan(z: 1)
        let global = try Network(architecture: plan.architecture, seed: 1).parameters
        let update = try LocalUpdate.compute(plan: plan, parameters: global, data: nil)
        #expect(update.loss == 0)
        #expect(update.vector.count == UpdateLayout.vectorLength(dimension: plan.architecture.parameterCount))
    }
}
