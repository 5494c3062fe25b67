import ML

/// What `chorus train --json` prints: one object, keys in snake case.
struct TrainReport: Encodable {
    /// Counts per split (clips or segments).
    struct Split: Encodable {
        var train: Int
        var validation: Int
        var test: Int
    }

    /// One epoch's line of the training log.
    struct Epoch: Encodable {
        var epoch: Int
        var learningRate: Float
        var trainLoss: Double
        var trainAccuracy: Double
        var gradientNormMean: Double
        var gradientNormMax: Double
        var seconds: Double
        var validationLoss: Double?
        var validationAccuracy: Double?

        init(_ statistics: EpochStatistics) {
            epoch = statistics.epoch + 1
            learningRate = statistics.learningRate
            trainLoss = statistics.trainLoss
            trainAccuracy = statistics.trainAccuracy
            gradientNormMean = statistics.meanGradientNorm
            gradientNormMax = statistics.maxGradientNorm
            seconds = statistics.seconds
            validationLoss = statistics.validationLoss
            validationAccuracy = statistics.validationAccuracy
        }
    }

    var model: String
    var parameters: Int
    var seconds: Double
    var seed: UInt64
    /// 1-based, as printed.
    var bestEpoch: Int
    var stoppedEarly: Bool
    var trainSamplesPerS: Double
    var clips: Split
    var segments: Split
    var epochs: [Epoch]
    var testSegmentAccuracy: Double?
    var testClipAccuracy: Double?
    var testLoss: Double?
}
