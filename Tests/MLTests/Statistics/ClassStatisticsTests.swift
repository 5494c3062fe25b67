import ChorusSupport
import Testing
@testable import ML

/// The statistics a participant releases in `--dp-mode statistics` and the
/// nearest-class-mean classifier the coordinator builds from their sum.
struct ClassStatisticsTests {
    static let architecture = Architecture(inputHeight: 16, inputWidth: 16, convolutionChannels: [], denseWidth: 0,
                                           dropout: 0, classes: 4, frontEnd: .bandStatistics(bandsPerGroup: 2))

    /// Segments of 4 classes whose spectra differ by class (a louder band per
    /// class), so class means differ, plus seeded noise.
    static func data(segments: Int, seed: UInt64) -> FeatureSet {
        var generator = SeededGenerator(seed: seed)
        var values: [Float] = []
        var labels: [Int32] = []
        for index in 0..<segments {
            let label = index % 4
            labels.append(Int32(label))
            for band in 0..<16 {
                for _ in 0..<16 {
                    let loud: Float = band / 4 == label ? 30 : 0
                    values.append(-70 + loud + 20 * generator.nextUnitFloat())
                }
            }
        }
        return FeatureSet(labelNames: ["a", "b", "c", "d"], melBands: 16, frames: 16, values: values, labels: labels,
                          clipIndices: (0..<segments).map { Int32($0) }, clips: (0..<segments).map { "clip\($0)" })
    }

    /// The front end's feature rows of `data`, as the dense layer reads them.
    static func featureRows(_ data: FeatureSet) -> [[Float]] {
        let layer = NetworkWorkspace.makeLayer(architecture.layers[0], batchCapacity: data.count, isFirst: true)
        var generator = SeededGenerator(seed: 0)
        let width = 4 * (16 / 2 + 2)
        let input = Tensor(data.values, shape: architecture.layers[0].inputShape)
        layer.forward(input, batch: data.count, parameters: TensorSlice(Tensor(count: 0)), training: false, generator: &generator)
        let output = layer.output.values(batch: data.count)
        return (0..<data.count).map { s in Array(output[(s * width)..<((s + 1) * width)]) }
    }

    /// Classes 0-3 hold 3, 3, 2 and 2 of the 10 segments; no counts are released (the bias slots stay zero).
    @Test func sumsFollowTheLabelsEachSegmentWeighsAtMostOneAndNoCountIsReleased() throws {
        let data = Self.data(segments: 10, seed: 1)
        let statistics = try ClassStatistics.of(data, architecture: Self.architecture)
        let features = 40
        #expect(statistics.count == Self.architecture.parameterCount)
        #expect(Array(statistics[(4 * features)...]) == [0, 0, 0, 0])
        for (c, segments) in [3, 3, 2, 2].enumerated() {
            let norm = (0..<features).map { statistics[c * features + $0] * statistics[c * features + $0] }.reduce(0, +).squareRoot()
            #expect(norm > 0.5 && norm <= Float(segments) + 1e-4, "class \(c)")
        }
    }

    /// Noise lands on the bias slots too; the cosine rule must not read them.
    @Test func noisedBiasSlotsDoNotChangeTheClassifier() throws {
        let statistics = try ClassStatistics.of(Self.data(segments: 12, seed: 4), architecture: Self.architecture)
        var noised = statistics
        for (offset, value) in [-3, 0.5, -0.25, 40].enumerated() { noised[4 * 40 + offset] = Float(value) }
        #expect(try ClassStatistics.classifier(from: noised, architecture: Self.architecture)
                == ClassStatistics.classifier(from: statistics, architecture: Self.architecture))
    }

    /// The classifier's arg-max is the class whose mean (of the normalized
    /// feature rows) is nearest in angle (highest cosine), computed here directly.
    @Test(arguments: 0..<3)
    func classifierPicksTheClassMeanOfHighestCosine(seed: UInt64) throws {
        let train = Self.data(segments: 24, seed: seed)
        let test = Self.data(segments: 20, seed: seed + 100)
        let parameters = try ClassStatistics.classifier(from: ClassStatistics.of(train, architecture: Self.architecture),
                                                        architecture: Self.architecture)
        let network = try Network(architecture: Self.architecture, parameters: parameters)
        let probabilities = try Evaluator.probabilities(network, on: test)
        func normalized(_ row: [Float]) -> [Float] {
            let scaled = row.map { $0 / Float(row.count).squareRoot() }
            let norm = scaled.map { $0 * $0 }.reduce(0, +).squareRoot()
            return norm > 1 ? scaled.map { $0 / norm } : scaled
        }
        let trainRows = Self.featureRows(train).map(normalized)
        var means = [[Float]](repeating: [Float](repeating: 0, count: 40), count: 4)
        for (row, label) in zip(trainRows, train.labels) {
            for j in 0..<40 { means[Int(label)][j] += row[j] / 6 }
        }
        for (index, row) in Self.featureRows(test).map(normalized).enumerated() {
            let cosines = means.map { mean in
                zip(row, mean).map { $0 * $1 }.reduce(0, +) / mean.map { $0 * $0 }.reduce(0, +).squareRoot()
            }
            let nearest = cosines.indices.max { cosines[$0] < cosines[$1] }
            let scores = Array(probabilities[(index * 4)..<(index * 4 + 4)])
            let predicted = scores.indices.max { scores[$0] < scores[$1] }
            #expect(predicted == nearest, "seed \(seed) segment \(index)")
        }
    }

    /// The coordinator sums (and averages) statistics: a common scale leaves the classifier unchanged.
    @Test func commonScaleOfTheStatisticsLeavesTheClassifierUnchanged() throws {
        let statistics = try ClassStatistics.of(Self.data(segments: 12, seed: 4), architecture: Self.architecture)
        let plain = try ClassStatistics.classifier(from: statistics, architecture: Self.architecture)
        let scaled = try ClassStatistics.classifier(from: statistics.map { $0 / 7 }, architecture: Self.architecture)
        for (a, b) in zip(plain, scaled) { #expect(abs(a - b) <= 1e-5 * max(1, abs(a))) }
    }

    @Test func classWithoutSegmentsIsNeverPredicted() throws {
        var statistics = try ClassStatistics.of(Self.data(segments: 12, seed: 5), architecture: Self.architecture)
        for j in (2 * 40)..<(3 * 40) { statistics[j] = 0 }  // class 2 held by no one, released without noise
        let parameters = try ClassStatistics.classifier(from: statistics, architecture: Self.architecture)
        #expect(parameters[2 * 40..<3 * 40].allSatisfy { $0 == 0 })
        let probabilities = try Evaluator.probabilities(try Network(architecture: Self.architecture, parameters: parameters),
                                                        on: Self.data(segments: 8, seed: 6))
        for segment in 0..<8 { #expect(probabilities[segment * 4 + 2] < 1e-6) }
    }

    @Test func nonLinearHeadIsRefused() {
        let mlp = Architecture(inputHeight: 16, inputWidth: 16, convolutionChannels: [], denseWidth: 8, dropout: 0, classes: 4,
                               frontEnd: .bandStatistics(bandsPerGroup: 2))
        #expect(throws: MLError.self) { try ClassStatistics.of(Self.data(segments: 4, seed: 1), architecture: mlp) }
    }
}
