import ML
import Testing

/// The 25% scaled input variant.
struct DownscalingTests {
    @Test func halvingAveragesTwoByTwoBlocksAndDropsTheOddColumn() {
        let set = FeatureSet(labelNames: ["a"], melBands: 2, frames: 5,
                             values: [0, 2, 4, 6, 100,
                                      2, 4, 6, 8, 100],
                             labels: [0], clipIndices: [0], clips: ["x"])
        let half = set.downscaled(by: 2)
        #expect(half.melBands == 1 && half.frames == 2)
        #expect(half.values == [2, 6])
        #expect(half.labels == set.labels && half.clips == set.clips)
    }

    @Test func defaultFeaturesHalveToTheScaledArchitecturesInput() {
        let set = FeatureSet(labelNames: ["a"], melBands: 128, frames: 130, values: [Float](repeating: -10, count: 128 * 130),
                             labels: [0], clipIndices: [0], clips: ["x"])
        let half = set.downscaled(by: 2)
        #expect(half.melBands == Architecture.scaled25.inputHeight && half.frames == Architecture.scaled25.inputWidth)
        #expect(half.values.allSatisfy { $0 == -10 })
        #expect(set.resized(for: .scaled25) == half)
        #expect(set.resized(for: .default) == set)
    }

    @Test func defaultFeaturesShrinkFourfoldToTheTinyArchitecturesInput() {
        let values = (0..<(128 * 130)).map { Float($0 % 130 / 4) }
        let set = FeatureSet(labelNames: ["a"], melBands: 128, frames: 130, values: values,
                             labels: [0], clipIndices: [0], clips: ["x"])
        let tiny = set.resized(for: .tiny)
        #expect(tiny.melBands == 32 && tiny.frames == 32)
        #expect(tiny == set.downscaled(by: 4))
        // Each output column averages frames 4c..4c+3, whose values are all c.
        #expect(tiny.values.prefix(32) == ArraySlice((0..<32).map(Float.init)))
        // A size no integer factor reaches is left for training to reject.
        let odd = Architecture(inputHeight: 50, inputWidth: 50, convolutionChannels: [4], denseWidth: 4, dropout: 0, classes: 10)
        #expect(set.resized(for: odd) == set)
    }
}
