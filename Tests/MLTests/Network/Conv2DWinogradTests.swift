import ChorusSupport
import Foundation
@testable import ML
import Testing
import TestSupport

/// Inference by Winograd F(2×2, 3×3) (`Conv2D+Winograd`) equals the im2col path that training runs, up to
/// float32 rounding, on odd and even sizes and batches that do not split evenly over the workers.
struct Conv2DWinogradTests {
    /// Tolerance relative to the largest output magnitude. With inputs and weights in [-1, 1], one output is a
    /// sum of 9·Cin products; the transforms' factors are 0, ±1 and ½, so both paths round within a few ulps
    /// (6e-8 each) of the sum of the products' magnitudes, which for these sums is at most ~20 times the
    /// largest output: 1e-5 leaves room, while any wrong transform entry moves outputs by ~10% of the scale.
    static let tolerance: Float = 1e-5

    /// The layer shapes cover an odd width and height (tiles hanging over the edge), an odd height alone,
    /// the default CNN's second layer (16 → 32 on 64×65), batches of 1, 3 and 5 (3 spans several runs of
    /// the 64×65 layer and leaves two workers unequal shares), and a large Cout·Cin (64 → 128).
    @Test(arguments: [(16, 8, 1, 5, 7), (16, 32, 3, 64, 65), (32, 16, 5, 9, 8), (64, 128, 3, 16, 16)])
    func inferenceEqualsTheIm2colPath(inputChannels: Int, outputChannels: Int, batch: Int, height: Int, width: Int) throws {
        let spec = LayerSpec.convolution(input: Shape(channels: inputChannels, height: height, width: width),
                                         outputChannels: outputChannels)
        let layer = try #require(NetworkWorkspace.makeLayer(spec, batchCapacity: batch, isFirst: false) as? Conv2D)
        #expect(layer.winogradWeights != nil, "the layer must infer by Winograd")
        var generator = SplitMix64(seed: UInt64(inputChannels * height + width))
        let input = Tensor((0..<(batch * spec.inputShape.count)).map { _ in Float.random(in: -1...1, using: &generator) },
                           shape: spec.inputShape)
        let parameters = TensorSlice(Tensor((0..<spec.parameterCount).map { _ in Float.random(in: -1...1, using: &generator) }))
        var unused = SeededGenerator(seed: 0)
        layer.forward(input, batch: batch, parameters: parameters, training: true, generator: &unused)
        let im2col = layer.output.values(batch: batch)
        layer.forward(input, batch: batch, parameters: parameters, training: false, generator: &unused)
        let winograd = layer.output.values(batch: batch)
        let scale = im2col.reduce(Float(0)) { max($0, abs($1)) }
        let worst = zip(winograd, im2col).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
        #expect(scale > 1)
        #expect(worst <= Self.tolerance * scale, "largest difference \(worst) at output scale \(scale)")
    }

    /// A whole network whose convolutions with 16 or more input channels infer by Winograd predicts the same
    /// classes, with probabilities within rounding, as its layers run one by one with every convolution on
    /// im2col (training mode; dropout is 0, so nothing else differs). The small network's second convolution
    /// sees 15×17 planes (odd tile rows and columns its pool drops); the default CNN (dropout set to 0) runs
    /// three Winograd layers. Batches of 5 and 3 split unevenly over the workers.
    @Test(arguments: [
        (Architecture(inputHeight: 30, inputWidth: 34, convolutionChannels: [16, 32], denseWidth: 16, dropout: 0, classes: 4), 5, 1),
        (Architecture(inputHeight: 128, inputWidth: 130, convolutionChannels: [16, 32, 64, 128], denseWidth: 64, dropout: 0,
                      classes: 10), 3, 3),
    ])
    func workspaceInferencePredictsAsIm2col(architecture: Architecture, batch: Int, winogradLayers: Int) throws {
        let network = try Network(architecture: architecture, seed: 6)
        let input = NetworkTests.randomSegments(architecture, batch: batch, seed: 23)
        let workspace = try NetworkWorkspace(architecture: architecture, batchCapacity: batch)
        var probabilities = [Float](repeating: 0, count: batch * architecture.classes)
        workspace.infer(network, input: input[...], batch: batch, probabilities: &probabilities)

        var counted = 0
        let want = NetworkTests.probabilitiesLayerByLayer(network, input: input, batch: batch) { layer in
            guard let convolution = layer as? Conv2D else { return false }
            if convolution.winogradWeights != nil { counted += 1 }
            return true
        }
        #expect(counted == winogradLayers)
        let classes = architecture.classes
        for sample in 0..<batch {
            let (got, expected) = (probabilities[(sample * classes)..<((sample + 1) * classes)], want[(sample * classes)..<((sample + 1) * classes)])
            #expect(Kernels.argmax(got) == Kernels.argmax(expected), "sample \(sample)")
            // Probabilities in [0, 1] from logits within 1e-5 relative: 1e-5 absolute.
            #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-5 }, "sample \(sample): \(got) vs \(expected)")
        }
    }
}
