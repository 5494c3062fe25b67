import ChorusSupport
import Foundation
import ML
import Testing
import TestSupport

/// The band-statistics front end and the linear classifier on it (the DP row's model).
struct BandStatisticsTests {
    /// The features of one `height × width` segment, computed the long way from `FrontEnd.bandStatistics`'s definition.
    static func reference(_ segment: [Float], height: Int, width: Int, group: Int) -> [Double] {
        let bands = height / group
        let rows: [[Double]] = (0..<bands).map { band in
            (0..<width).map { frame in
                (0..<group).reduce(0.0) { $0 + Double(segment[(band * group + $1) * width + frame]) } / Double(group)
            }
        }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        func deviation(_ values: [Double]) -> Double {
            let m = mean(values)
            return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count)).squareRoot()
        }
        let changes = rows.map { row in (1..<width).map { row[$0] - row[$0 - 1] } }
        let profiles = [rows.map(mean), rows.map(deviation), changes.map { mean($0.map(abs)) }, changes.map(deviation)]
        var features: [Double] = []
        for (index, profile) in profiles.enumerated() {
            let spread = deviation(profile) + 0.01
            features += profile.map { ($0 - mean(profile)) / spread }
            features.append(index == 0 ? (mean(profile) + 40) / 40 : log(mean(profile) + 0.01))
            features.append(log(spread))
        }
        return features
    }

    @Test(arguments: [(12, 9, 2), (13, 7, 3), (6, 2, 1)])
    func forwardEqualsTheDefinitionForEverySegmentOfABatch(height: Int, width: Int, group: Int) {
        let spec = LayerSpec.bandStatistics(input: Shape(channels: 1, height: height, width: width), bandsPerGroup: group)
        let count = 4 * (height / group + 2)
        #expect(spec.outputShape.count == count)
        #expect(spec.parameterCount == 0)
        var generator = SplitMix64(seed: UInt64(height * 100 + group))
        let batch = 3
        let input = (0..<(batch * height * width)).map { _ in Float.random(in: -80...0, using: &generator) }
        let output = LayerForwardTests.run(spec, isFirst: true, batch: batch, input: input, parameters: [])
        for sample in 0..<batch {
            let segment = Array(input[(sample * height * width)..<((sample + 1) * height * width)])
            let expected = Self.reference(segment, height: height, width: width, group: group)
            for index in 0..<count {
                // Standardized values are O(1); float32 output of double sums: 1e-4 relative covers the rounding.
                let got = Double(output[sample * count + index])
                #expect(abs(got - expected[index]) <= 1e-4 * max(1, abs(expected[index])),
                        "segment \(sample) feature \(index): \(got), expected \(expected[index])")
            }
        }
    }

    @Test func silenceGivesFiniteFeaturesWithFlatProfiles() {
        let spec = LayerSpec.bandStatistics(input: Shape(channels: 1, height: 8, width: 5), bandsPerGroup: 2)
        let output = LayerForwardTests.run(spec, isFirst: true, batch: 1, input: [Float](repeating: -80, count: 40), parameters: [])
        #expect(output.allSatisfy { $0.isFinite })
        // Each profile: 4 standardized zeros, its level, its log spread (log 0.01).
        for profile in 0..<4 {
            #expect(output[(profile * 6)..<(profile * 6 + 4)].allSatisfy { $0 == 0 })
            #expect(abs(output[profile * 6 + 5] - Float(log(0.01))) < 1e-5)
        }
        #expect(output[4] == -1)
    }

    @Test func featuresIgnoreALoudnessOffsetButForItsLevel() {
        // Shifting every dB value by a constant changes only the mean profile's level.
        let spec = LayerSpec.bandStatistics(input: Shape(channels: 1, height: 8, width: 6), bandsPerGroup: 2)
        var generator = SplitMix64(seed: 3)
        let quiet = (0..<48).map { _ in Float.random(in: -80 ... -20, using: &generator) }
        let a = LayerForwardTests.run(spec, isFirst: true, batch: 1, input: quiet, parameters: [])
        let b = LayerForwardTests.run(spec, isFirst: true, batch: 1, input: quiet.map { $0 + 10 }, parameters: [])
        for index in a.indices where index != 4 {
            #expect(abs(a[index] - b[index]) < 1e-4, "feature \(index)")
        }
        #expect(abs((b[4] - a[4]) - 0.25) < 1e-5)
    }

    @Test func statisticsLinearIsASmallLinearModelStartingAtZero() throws {
        let model = Architecture.statisticsLinear
        #expect(model.isLinear)
        #expect(model.parameterCount == 264 * 10 + 10)
        let network = try Network(architecture: model, seed: 9)
        #expect(network.parameters.allSatisfy { $0 == 0 })
        // Networks with a hidden layer keep their random start.
        var hidden = model
        hidden.denseWidth = 8
        #expect(try Network(architecture: hidden, seed: 9).parameters.contains { $0 != 0 })
    }

    @Test(arguments: [
        // Conv blocks with the band-statistics front end.
        Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [2], denseWidth: 0, dropout: 0, classes: 2,
                     frontEnd: .bandStatistics(bandsPerGroup: 2)),
        // Groups of zero bands, or more bands than the segment has.
        Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [], denseWidth: 0, dropout: 0, classes: 2,
                     frontEnd: .bandStatistics(bandsPerGroup: 0)),
        Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [], denseWidth: 0, dropout: 0, classes: 2,
                     frontEnd: .bandStatistics(bandsPerGroup: 9)),
        // One frame has no frame-to-frame change.
        Architecture(inputHeight: 8, inputWidth: 1, convolutionChannels: [], denseWidth: 0, dropout: 0, classes: 2,
                     frontEnd: .bandStatistics(bandsPerGroup: 2)),
        // Dropout with no hidden layer; the image front end without conv blocks.
        Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [], denseWidth: 0, dropout: 0.5, classes: 2,
                     frontEnd: .bandStatistics(bandsPerGroup: 2)),
        Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [], denseWidth: 4, dropout: 0, classes: 2),
    ])
    func invalidBandStatisticsArchitecturesAreRejected(architecture: Architecture) {
        #expect(throws: MLError.self) { try architecture.validate() }
    }

    @Test(arguments: [0, 5])
    func gradientOfTheHeadMatchesFiniteDifferences(denseWidth: Int) throws {
        let architecture = Architecture(inputHeight: 6, inputWidth: 7, convolutionChannels: [], denseWidth: denseWidth,
                                        dropout: 0, classes: 3, frontEnd: .bandStatistics(bandsPerGroup: 2))
        var network = try Network(architecture: architecture, seed: 4)
        var generator = SplitMix64(seed: 21)
        network.parameters = network.parameters.map { _ in Float.random(in: -0.5...0.5, using: &generator) }
        let batch = 4
        let input = (0..<(batch * architecture.inputSize)).map { _ in Float.random(in: -80...0, using: &generator) }
        let labels: [Int32] = [0, 2, 1, 2]
        let workspace = try NetworkWorkspace(architecture: architecture, batchCapacity: batch)
        func loss(_ candidate: Network) -> Double {
            var unused = SeededGenerator(seed: 1)
            return workspace.computeGradients(candidate, input: input[...], labels: labels[...], generator: &unused).lossSum
                / Double(batch)
        }
        _ = loss(network)
        let analytic = workspace.gradients
        let step: Float = 1e-3
        for index in network.parameters.indices {
            var plus = network, minus = network
            plus.parameters[index] += step
            minus.parameters[index] -= step
            let numeric = (loss(plus) - loss(minus)) / Double(2 * step)
            // As in NetworkTests: float32 loss rounding over a 2e-3 step.
            #expect(abs(Double(analytic[index]) - numeric) <= 2e-3 + 0.03 * abs(numeric), "parameter \(index)")
        }
    }

    @Test func architectureJSONWithoutAFrontEndIsTheImage() throws {
        // config.json and checkpoints written before front ends existed.
        let old = #"{"inputHeight":8,"inputWidth":8,"convolutionChannels":[2],"denseWidth":4,"dropout":0,"classes":2,"groupNormGroups":0}"#
        let decoded = try JSONDecoder().decode(Architecture.self, from: Data(old.utf8))
        #expect(decoded.frontEnd == .image)
        let roundTrip = try JSONDecoder().decode(Architecture.self, from: JSONEncoder().encode(Architecture.statisticsLinear))
        #expect(roundTrip == .statisticsLinear)
    }
}
