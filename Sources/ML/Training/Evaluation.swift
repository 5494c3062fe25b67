/// Precision, recall and F1 of one genre, from segment predictions.
public struct GenreMetrics: Sendable, Equatable, Codable {
    public var name: String
    /// Of the segments predicted as this genre, the fraction that are (0 when none were predicted).
    public var precision: Double
    /// Of the segments of this genre, the fraction predicted as it (0 when there are none).
    public var recall: Double
    /// Harmonic mean of precision and recall (0 when both are 0).
    public var f1: Double
    /// Segments of this genre in the evaluated set.
    public var support: Int
}

/// How well a network classifies a feature set, per segment and per clip.
public struct Evaluation: Sendable, Equatable {
    /// Class names, indexing the rows and columns of the confusion matrices.
    public var labelNames: [String]
    /// Segments and clips evaluated.
    public var segments: Int
    public var clips: Int
    /// Mean cross-entropy (nats) over the segments.
    public var loss: Double
    /// Fraction of segments whose most probable class is their label.
    public var segmentAccuracy: Double
    /// Fraction of clips whose majority vote over their segments' predictions is
    /// their label (ties go to the class with the larger summed probability).
    public var clipAccuracy: Double
    /// Segment counts: `confusion[true][predicted]`.
    public var confusion: [[Int]]
    /// Clip counts after the vote: `clipConfusion[true][predicted]`.
    public var clipConfusion: [[Int]]
    /// Per-genre precision, recall and F1 over segments, in label order.
    public var perGenre: [GenreMetrics]

    /// Scores `probabilities` (`data.count × classes`, row per segment) against `data`'s labels and clips.
    package init(probabilities: [Float], data: FeatureSet) {
        let classes = data.labelNames.count
        let measured = Evaluator.lossAndAccuracy(probabilities, of: data)
        let predictions = Evaluator.predictions(probabilities, classes: classes)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        var votes = [Int32: [Int]]()
        var mass = [Int32: [Float]]()
        var clipLabel = [Int32: Int]()
        for segment in 0..<data.count {
            let row = probabilities[(segment * classes)..<((segment + 1) * classes)]
            let predicted = predictions[segment]
            let label = Int(data.labels[segment])
            confusion[label][predicted] += 1
            let clip = data.clipIndices[segment]
            votes[clip, default: [Int](repeating: 0, count: classes)][predicted] += 1
            for (k, p) in row.enumerated() { mass[clip, default: [Float](repeating: 0, count: classes)][k] += p }
            clipLabel[clip] = label
        }
        var clipConfusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (clip, counts) in votes {
            let sums = mass[clip] ?? []
            let winner = counts.indices.max { a, b in
                (counts[a], sums[a]) < (counts[b], sums[b])
            } ?? 0
            clipConfusion[clipLabel[clip] ?? 0][winner] += 1
        }
        let clipCorrect = (0..<classes).reduce(0) { $0 + clipConfusion[$1][$1] }
        self.labelNames = data.labelNames
        segments = data.count
        clips = votes.count
        loss = measured.loss
        segmentAccuracy = measured.accuracy
        clipAccuracy = Double(clipCorrect) / Double(max(votes.count, 1))
        self.confusion = confusion
        self.clipConfusion = clipConfusion
        perGenre = (0..<classes).map { k in
            let truePositive = Double(confusion[k][k])
            let predicted = Double((0..<classes).reduce(0) { $0 + confusion[$1][k] })
            let actual = confusion[k].reduce(0, +)
            let precision = predicted > 0 ? truePositive / predicted : 0
            let recall = actual > 0 ? truePositive / Double(actual) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return GenreMetrics(name: data.labelNames[k], precision: precision, recall: recall, f1: f1, support: actual)
        }
    }
}
