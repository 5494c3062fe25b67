import ChorusSupport
import Foundation
import ML
import Testing
import TestSupport

/// The network's parameter vector, initialisation and end-to-end gradient.
struct NetworkTests {
    static let small = Architecture(inputHeight: 8, inputWidth: 10, convolutionChannels: [4, 4], denseWidth: 6,
                                    dropout: 0.25, classes: 3)

    @Test func defaultArchitectureHasDesignsParameterCount() throws {
        #expect(Architecture.default.parameterCount == 622_154)
        let network = try Network(architecture: .default, seed: 1)
        #expect(network.parameters.count == 622_154)
    }

    @Test func trainingStepCountsThreeProductsPerLayerButTheFirstInputGradient() {
        // Multiply-adds per sample of the default CNN: conv 16·1·9·(128·130), 32·16·9·(64·65), 64·32·9·(32·32),
        // 128·64·9·(16·16), dense 8192·64 and 64·10. Training is forward, weight gradient and input gradient of
        // each, less the first convolution's input gradient, which nothing consumes; 2 FLOPs per multiply-add.
        let layers = [16 * 9 * 16_640, 32 * 16 * 9 * 4160, 64 * 32 * 9 * 1024, 128 * 64 * 9 * 256, 8192 * 64, 64 * 10]
        let forward = layers.reduce(0, +)
        #expect(Architecture.default.forwardFLOPsPerSample == Double(2 * forward))
        #expect(Architecture.default.trainingFLOPsPerSample == Double(2 * (3 * forward - layers[0])))
    }

    @Test func scaledArchitectureFlattensAFourByFourMap() throws {
        // 64×65 pools to 32×32, 16×16, 8×8, 4×4: flatten 128·4·4 = 2048 → dense 64.
        let expected = 160 + 4640 + 18_496 + 73_856 + (2048 * 64 + 64) + (64 * 10 + 10)
        #expect(Architecture.scaled25.parameterCount == expected)
    }

    @Test func sameSeedGivesSameParametersAndOtherSeedsDiffer() throws {
        let a = try Network(architecture: Self.small, seed: 42)
        let b = try Network(architecture: Self.small, seed: 42)
        let c = try Network(architecture: Self.small, seed: 43)
        #expect(a == b)
        #expect(a.parameters != c.parameters)
    }

    @Test func heInitialisationHasFanInDeviationAndZeroBiases() throws {
        let network = try Network(architecture: .default, seed: 5)
        // Dense 8192 → 64 starts after the four conv layers (160 + 4640 + 18496 + 73856 values).
        let start = 97_152
        let weights = network.parameters[start..<(start + 8192 * 64)]
        let mean = weights.reduce(0.0) { $0 + Double($1) } / Double(weights.count)
        let variance = weights.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(weights.count)
        // 524,288 draws: the sample deviation is within 1% of √(2/8192) with overwhelming probability.
        #expect(abs(variance.squareRoot() / (2.0 / 8192).squareRoot() - 1) < 0.01)
        #expect(abs(mean) < 1e-4)
        let biases = network.parameters[(start + 8192 * 64)..<(start + 8192 * 64 + 64)]
        #expect(biases.allSatisfy { $0 == 0 })
    }

    @Test func parametersAreReplacedAsOneVector() throws {
        var network = try Network(architecture: Self.small, seed: 1)
        let replacement = (0..<network.parameters.count).map { Float($0) * 1e-3 }
        network.parameters = replacement
        #expect(network.parameters == replacement)
        #expect(throws: MLError.self) { try Network(architecture: Self.small, parameters: [1, 2, 3]) }
    }

    @Test(arguments: [
        Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [0], denseWidth: 4, dropout: 0, classes: 2),
        Architecture(inputHeight: 4, inputWidth: 4, convolutionChannels: [2, 2, 2], denseWidth: 4, dropout: 0, classes: 2),
        Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [2], denseWidth: 4, dropout: 1, classes: 2),
        Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [3], denseWidth: 4, dropout: 0, classes: 2,
                     groupNormGroups: 2),
    ])
    func invalidArchitecturesAreRejected(architecture: Architecture) {
        #expect(throws: MLError.self) { try architecture.validate() }
    }

    @Test(arguments: [0, 2])
    func wholeNetworkGradientMatchesFiniteDifferencesOfTheLoss(groupNormGroups: Int) throws {
        var architecture = Self.small
        architecture.groupNormGroups = groupNormGroups
        let network = try Network(architecture: architecture, seed: 3)
        var generator = SplitMix64(seed: 17)
        let batch = 3
        let input = (0..<(batch * architecture.inputSize)).map { _ in Float.random(in: -1...1, using: &generator) }
        let labels: [Int32] = [0, 2, 1]
        let workspace = try NetworkWorkspace(architecture: architecture, batchCapacity: batch)
        func loss(_ candidate: Network) -> Double {
            var dropoutGenerator = SeededGenerator(seed: 8)
            let result = workspace.computeGradients(candidate, input: input[...], labels: labels[...], generator: &dropoutGenerator)
            return result.lossSum / Double(batch)
        }
        _ = loss(network)
        let analytic = workspace.gradients
        #expect(workspace.gradientNorm > 0)
        // Step 1e-3 on a float32 loss of size ~1: rounding ~1e-4 in the quotient; 2e-3 + 3% covers it and
        // still fails any wrong layer (errors of O(gradient)).
        let step: Float = 1e-3
        for index in stride(from: 0, to: network.parameters.count, by: 5) {
            var plus = network, minus = network
            plus.parameters[index] += step
            minus.parameters[index] -= step
            let numeric = (loss(plus) - loss(minus)) / Double(2 * step)
            #expect(abs(Double(analytic[index]) - numeric) <= 2e-3 + 0.03 * abs(numeric),
                    "parameter \(index): analytic \(analytic[index]), numeric \(numeric)")
        }
    }

    /// Each convolution pools its runs into the max-pool after it (`Conv2D.followingPool`): the workspace's
    /// probabilities must equal, to the bit, the layers run one by one, each pool on the whole convolution
    /// output. The 200×200 input gives the first convolution's direct path, pools with 4-window vectors and
    /// scalar tails (100 and 50 windows a row), and a second convolution whose 12 samples span two runs.
    @Test func workspaceEqualsTheLayersRunOneByOne() throws {
        let architecture = Architecture(inputHeight: 200, inputWidth: 200, convolutionChannels: [2, 3], denseWidth: 5,
                                        dropout: 0, classes: 3)
        let (network, batch) = (try Network(architecture: architecture, seed: 4), 12)
        let input = Self.randomSegments(architecture, batch: batch, seed: 21)
        let workspace = try NetworkWorkspace(architecture: architecture, batchCapacity: batch)
        var probabilities = [Float](repeating: 0, count: batch * architecture.classes)
        workspace.infer(network, input: input[...], batch: batch, probabilities: &probabilities)

        let want = Self.probabilitiesLayerByLayer(network, input: input, batch: batch) { _ in false }
        #expect(probabilities == want)
    }

    /// Backward through the same fused forward: each max-pool routes its gradient by the winners its
    /// convolution stored while pooling a run (or a plane, on the direct path), so the workspace's
    /// gradients must equal, to the bit, the layers run one by one, each pool storing its own winners.
    @Test func workspaceGradientsEqualTheLayersRunOneByOne() throws {
        let architecture = Architecture(inputHeight: 200, inputWidth: 200, convolutionChannels: [2, 3], denseWidth: 5,
                                        dropout: 0, classes: 3)
        let (network, batch) = (try Network(architecture: architecture, seed: 5), 12)
        let input = Self.randomSegments(architecture, batch: batch, seed: 22)
        let labels = (0..<batch).map { Int32($0 % architecture.classes) }
        let workspace = try NetworkWorkspace(architecture: architecture, batchCapacity: batch)
        var unused = SeededGenerator(seed: 0)
        _ = workspace.computeGradients(network, input: input[...], labels: labels[...], generator: &unused)

        let specs = architecture.layers
        let offsets = specs.indices.map { index in specs[..<index].reduce(0) { $0 + $1.parameterCount } }
        let layers = specs.indices.map { NetworkWorkspace.makeLayer(specs[$0], batchCapacity: batch, isFirst: offsets[$0] == 0) }
        let parameters = Tensor(network.parameters), gradients = Tensor(count: network.parameters.count)
        let first = Tensor(input, shape: specs[0].inputShape)
        for (index, layer) in layers.enumerated() {
            layer.forward(index == 0 ? first : layers[index - 1].output, batch: batch,
                          parameters: TensorSlice(parameters, offset: offsets[index], count: specs[index].parameterCount),
                          training: true, generator: &unused)
        }
        // The mean loss's logit gradient, (softmax − one-hot) / N, step for step as the loss computes it.
        let logits = layers[layers.count - 1].output.values(batch: batch), classes = architecture.classes
        var logitGradient: [Float] = []
        for sample in 0..<batch {
            let row = logits[(sample * classes)..<((sample + 1) * classes)]
            let peak = row.dropFirst().reduce(row[row.startIndex]) { max($0, $1) }
            let exponentials = row.map { exp($0 - peak) }
            let total = exponentials.reduce(Float(0), +)
            logitGradient += exponentials.enumerated().map { k, e in (e / total - (k == Int(labels[sample]) ? 1 : 0)) * (1 / Float(batch)) }
        }
        var outputGradient = Tensor(logitGradient, shape: .vector(classes))
        for index in layers.indices.reversed() {
            layers[index].backward(outputGradient, input: index == 0 ? first : layers[index - 1].output, batch: batch,
                                   parameters: TensorSlice(parameters, offset: offsets[index], count: specs[index].parameterCount),
                                   gradients: TensorSlice(gradients, offset: offsets[index], count: specs[index].parameterCount))
            guard offsets[index] > 0, let next = layers[index].inputGradient else { break }
            outputGradient = next
        }
        #expect(workspace.gradientNorm > 0)
        let want = gradients.values(batch: 1)
        let differing = want.indices.filter { workspace.gradients[$0] != want[$0] }
        #expect(differing.isEmpty, "\(differing.count) gradients differ, the first at \(differing.first ?? 0)")
    }
}

extension NetworkTests {
    /// `batch` segments of `architecture`'s input, log-mel-like values in [-80, 0] drawn from `seed`.
    static func randomSegments(_ architecture: Architecture, batch: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<(batch * architecture.inputSize)).map { _ in Float.random(in: -80...0, using: &generator) }
    }

    /// The softmax probabilities of `network` on `input`, its layers made and run forward one by one, each
    /// layer's `training` flag given by `training(layer)`, softmax step for step as the loss computes it.
    static func probabilitiesLayerByLayer(_ network: Network, input: [Float], batch: Int,
                                          training: (any Layer) -> Bool) -> [Float] {
        let architecture = network.architecture
        var x = Tensor(input, shape: architecture.layers[0].inputShape)
        var offset = 0
        var unused = SeededGenerator(seed: 0)
        for spec in architecture.layers {
            let layer = NetworkWorkspace.makeLayer(spec, batchCapacity: batch, isFirst: offset == 0)
            let parameters = Tensor(Array(network.parameters[offset..<(offset + spec.parameterCount)]))
            layer.forward(x, batch: batch, parameters: TensorSlice(parameters), training: training(layer), generator: &unused)
            x = layer.output
            offset += spec.parameterCount
        }
        let logits = x.values(batch: batch)
        var probabilities: [Float] = []
        for sample in 0..<batch {
            let row = logits[(sample * architecture.classes)..<((sample + 1) * architecture.classes)]
            let peak = row.dropFirst().reduce(row[row.startIndex]) { max($0, $1) }
            let exponentials = row.map { exp($0 - peak) }
            let total = exponentials.reduce(Float(0), +)
            probabilities += exponentials.map { $0 / total }
        }
        return probabilities
    }
}
