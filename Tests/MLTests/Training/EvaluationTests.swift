import Foundation
import ML
import Testing

/// Scores computed from known probabilities equal hand counts.
struct EvaluationTests {
    @Test func clipVoteConfusionAndPerGenreMetricsEqualHandCounts() {
        // Clip 0 (class 0): segments predicted 0, 0, 1 → vote 0. Clip 1 (class 1): predicted 0, 1, 0 → vote 0.
        let data = FeatureSet(labelNames: ["rock", "pop"], melBands: 1, frames: 1, values: [Float](repeating: 0, count: 6),
                              labels: [0, 0, 0, 1, 1, 1], clipIndices: [0, 0, 0, 1, 1, 1], clips: ["a", "b"])
        let probabilities: [Float] = [0.9, 0.1, 0.6, 0.4, 0.3, 0.7,
                                      0.8, 0.2, 0.4, 0.6, 0.55, 0.45]
        let evaluation = Evaluation(probabilities: probabilities, data: data)
        #expect(evaluation.confusion == [[2, 1], [2, 1]])
        #expect(evaluation.segmentAccuracy == 0.5)
        #expect(evaluation.clipConfusion == [[1, 0], [1, 0]])
        #expect(evaluation.clipAccuracy == 0.5)
        #expect(evaluation.clips == 2 && evaluation.segments == 6)
        // rock: precision 2/4, recall 2/3; pop: precision 1/2, recall 1/3.
        #expect(evaluation.perGenre[0].precision == 0.5)
        #expect(abs(evaluation.perGenre[0].recall - 2.0 / 3) < 1e-12)
        #expect(abs(evaluation.perGenre[0].f1 - 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3)) < 1e-12)
        #expect(abs(evaluation.perGenre[1].recall - 1.0 / 3) < 1e-12)
        #expect(evaluation.perGenre[1].support == 3)
        let labelled: [Float] = [0.9, 0.6, 0.3, 0.2, 0.6, 0.45]
        let expectedLoss = -labelled.map { log(Double($0)) }.reduce(0, +) / 6
        #expect(abs(evaluation.loss - expectedLoss) < 1e-6)
    }

    @Test func tiedClipVoteGoesToTheLargerSummedProbability() {
        let data = FeatureSet(labelNames: ["a", "b"], melBands: 1, frames: 1, values: [0, 0],
                              labels: [1, 1], clipIndices: [0, 0], clips: ["x"])
        // One vote each; class 1 carries more probability overall (0.45 + 0.9 vs 0.55 + 0.1).
        let evaluation = Evaluation(probabilities: [0.55, 0.45, 0.1, 0.9], data: data)
        #expect(evaluation.clipConfusion == [[0, 0], [0, 1]])
    }

    @Test func clipProbabilitiesAreTheMeanOfItsSegmentsSoftmax() throws {
        let architecture = Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [2], denseWidth: 4,
                                        dropout: 0.5, classes: 3)
        let network = try Network(architecture: architecture, seed: 2)
        let segments = (0..<(3 * 64)).map { Float($0 % 17) / 17 - 0.5 }
        let mean = try Evaluator.meanProbabilities(network, segments: segments, melBands: 8, frames: 8)
        let data = FeatureSet(labelNames: ["a", "b", "c"], melBands: 8, frames: 8, values: segments,
                              labels: [0, 0, 0], clipIndices: [0, 0, 0], clips: ["x"])
        let rows = try Evaluator.probabilities(network, on: data, batchSize: 2)
        for k in 0..<3 {
            // Three float32 probabilities averaged: 1e-6 covers rounding.
            #expect(abs(mean[k] - (rows[k] + rows[3 + k] + rows[6 + k]) / 3) < 1e-6)
        }
        #expect(abs(mean.reduce(0, +) - 1) < 1e-5)
        #expect(throws: MLError.self) { try Evaluator.meanProbabilities(network, segments: [1, 2, 3], melBands: 8, frames: 8) }
        #expect(throws: MLError.self) { try Evaluator.meanProbabilities(network, segments: segments, melBands: 4, frames: 16) }
    }
}
