import ML
import Testing
import TestSupport

/// Training learns, is reproducible from its seed, and early stopping keeps the best epoch.
struct TrainerTests {
    static let architecture = Architecture(inputHeight: 12, inputWidth: 12, convolutionChannels: [4, 8], denseWidth: 16,
                                           dropout: 0.1, classes: 3)

    /// Clips of 4 segments in dB; class k is a band 40 dB brighter at rows 4k..<4k+2 over noise in [-80, -40].
    static func bands(clips: Int, seed: UInt64) -> FeatureSet {
        var generator = SplitMix64(seed: seed)
        var values: [Float] = [], labels: [Int32] = [], clipIndices: [Int32] = [], names: [String] = []
        for clip in 0..<clips {
            let label = clip % 3
            names.append("clip\(clip)")
            for _ in 0..<4 {
                for row in 0..<12 {
                    for _ in 0..<12 {
                        let band: Float = row / 4 == label && row % 4 < 2 ? 40 : 0
                        values.append(band + Float.random(in: -80 ... -40, using: &generator))
                    }
                }
                labels.append(Int32(label))
                clipIndices.append(Int32(clip))
            }
        }
        return FeatureSet(labelNames: ["low", "mid", "high"], melBands: 12, frames: 12, values: values,
                          labels: labels, clipIndices: clipIndices, clips: names)
    }

    @Test func smallCNNLearnsBandPatternsWellAboveChanceOnHeldOutClips() throws {
        var network = try Network(architecture: Self.architecture, seed: 1)
        let summary = try Trainer.train(&network, on: Self.bands(clips: 30, seed: 1), epochs: 12, batchSize: 8,
                                        optimizer: .adam(learningRate: 3e-3), seed: 2)
        let evaluation = try Evaluator.evaluate(network, on: Self.bands(clips: 15, seed: 99))
        // Chance is 1/3; the bands are plain, so a working CNN separates them almost perfectly.
        #expect(evaluation.segmentAccuracy >= 0.9, "segment accuracy \(evaluation.segmentAccuracy)")
        #expect(evaluation.clipAccuracy >= 0.9, "clip accuracy \(evaluation.clipAccuracy)")
        #expect(summary.epochs.count == 12)
        #expect(summary.epochs.last!.trainLoss < summary.epochs.first!.trainLoss)
        #expect(summary.epochs.allSatisfy { $0.meanGradientNorm > 0 && $0.maxGradientNorm >= $0.meanGradientNorm })
    }

    @Test func linearClassifierOnBandStatisticsLearnsTheBands() throws {
        let architecture = Architecture(inputHeight: 12, inputWidth: 12, convolutionChannels: [], denseWidth: 0, dropout: 0,
                                        classes: 3, frontEnd: .bandStatistics(bandsPerGroup: 2))
        var network = try Network(architecture: architecture, seed: 1)
        _ = try Trainer.train(&network, on: Self.bands(clips: 30, seed: 1), epochs: 10, batchSize: 8,
                              optimizer: .sgd(learningRate: 0.1), seed: 2)
        let evaluation = try Evaluator.evaluate(network, on: Self.bands(clips: 15, seed: 99))
        // The bright band shows in the mean profile: a linear model on it separates the classes.
        #expect(evaluation.segmentAccuracy >= 0.95, "segment accuracy \(evaluation.segmentAccuracy)")
    }

    @Test func sameSeedGivesTheSameTrainedParameters() throws {
        let data = Self.bands(clips: 6, seed: 3)
        var a = try Network(architecture: Self.architecture, seed: 1)
        var b = a
        let options = TrainingOptions(epochs: 2, batchSize: 5, optimizer: .sgd(learningRate: 0.05), seed: 7)
        _ = try Trainer.train(&a, on: data, options: options)
        _ = try Trainer.train(&b, on: data, options: options)
        #expect(a == b)
        var c = try Network(architecture: Self.architecture, seed: 1)
        _ = try Trainer.train(&c, on: data, options: TrainingOptions(epochs: 2, batchSize: 5,
                                                                    optimizer: .sgd(learningRate: 0.05), seed: 8))
        #expect(a != c, "another seed shuffles and drops out differently")
    }

    @Test func aReusedWorkspaceGivesTheSameRunAsAFreshOne() throws {
        let data = Self.bands(clips: 6, seed: 3)
        let options = TrainingOptions(epochs: 2, batchSize: 4, optimizer: .adam(learningRate: 1e-3), seed: 5)
        var fresh = try Network(architecture: Self.architecture, seed: 2)
        var reused = fresh
        _ = try Trainer.train(&fresh, on: data, options: options)
        let workspace = try NetworkWorkspace(architecture: Self.architecture, batchCapacity: 8)
        var warmUp = try Network(architecture: Self.architecture, seed: 9)
        _ = try Trainer.train(&warmUp, on: data, options: options, workspace: workspace)
        _ = try Trainer.train(&reused, on: data, options: options, workspace: workspace)
        #expect(fresh == reused, "no state leaks between runs through the workspace")
    }

    @Test func earlyStoppingRestoresTheEpochWithTheLowestValidationLoss() throws {
        var network = try Network(architecture: Self.architecture, seed: 4)
        let validation = Self.bands(clips: 6, seed: 5)
        let options = TrainingOptions(epochs: 8, batchSize: 4, optimizer: .sgd(learningRate: 0.3, momentum: 0.9),
                                      seed: 1, earlyStoppingPatience: 2)
        let summary = try Trainer.train(&network, on: Self.bands(clips: 9, seed: 6), validation: validation, options: options)
        let losses = summary.epochs.compactMap(\.validationLoss)
        #expect(losses.count == summary.epochs.count)
        #expect(losses[summary.bestEpoch] == losses.min())
        let after = try Evaluator.evaluate(network, on: validation)
        // The same forward pass as during training: equal up to batch-size reassociation in BLAS.
        #expect(abs(after.loss - losses[summary.bestEpoch]) < 1e-4)
        if summary.stoppedEarly { #expect(summary.epochs.count - 1 - summary.bestEpoch == 2) }
    }

    @Test func featuresOfAnotherShapeOrLabelRangeAreRejected() throws {
        var network = try Network(architecture: Self.architecture, seed: 1)
        let wide = FeatureSet(labelNames: ["a", "b", "c"], melBands: 12, frames: 13, values: [Float](repeating: 0, count: 156),
                              labels: [0], clipIndices: [0], clips: ["x"])
        #expect(throws: MLError.featureMismatch(reason: "training set has 12×13 segments, the network expects 12×12")) {
            try Trainer.train(&network, on: wide, epochs: 1, batchSize: 1, optimizer: .adam(learningRate: 1e-3), seed: 0)
        }
        let badLabel = FeatureSet(labelNames: ["a", "b", "c"], melBands: 12, frames: 12, values: [Float](repeating: 0, count: 144),
                                  labels: [5], clipIndices: [0], clips: ["x"])
        #expect(throws: MLError.self) { try Evaluator.evaluate(network, on: badLabel) }
        #expect(throws: MLError.self) {
            try Trainer.train(&network, on: Self.bands(clips: 3, seed: 1), options: TrainingOptions(earlyStoppingPatience: 1))
        }
    }
}
