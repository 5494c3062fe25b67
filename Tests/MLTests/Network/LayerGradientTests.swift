import ML
import Testing

/// Every layer's backward pass equals finite differences of its forward pass.
struct LayerGradientTests {
    @Test func convolutionWithSeveralChannelsMatchesFiniteDifferences() {
        let spec = LayerSpec.convolution(input: Shape(channels: 3, height: 5, width: 6), outputChannels: 4)
        LayerGradientChecker(spec, batch: 2, seed: 1, input: LayerGradientChecker.uniformInput).check()
    }

    @Test func singleChannelFirstConvolutionMatchesFiniteDifferences() {
        let spec = LayerSpec.convolution(input: Shape(channels: 1, height: 7, width: 9), outputChannels: 3)
        let checker = LayerGradientChecker(spec, batch: 3, isFirst: true, seed: 2, input: LayerGradientChecker.uniformInput)
        #expect(checker.analytic().input == nil, "the first layer skips its input gradient")
        checker.check()
    }

    @Test func convolutionOnOddSizesAndOneColumnMatchesFiniteDifferences() {
        let spec = LayerSpec.convolution(input: Shape(channels: 2, height: 3, width: 1), outputChannels: 2)
        LayerGradientChecker(spec, batch: 2, seed: 3, input: LayerGradientChecker.uniformInput).check()
    }

    @Test func reluMatchesFiniteDifferences() {
        let spec = LayerSpec.relu(shape: Shape(channels: 2, height: 3, width: 4))
        LayerGradientChecker(spec, batch: 2, seed: 4, input: LayerGradientChecker.spacedInput).check()
    }

    @Test(arguments: [false, true])
    func maxPoolWithOddSidesMatchesFiniteDifferences(rectified: Bool) {
        let spec = LayerSpec.maxPool(input: Shape(channels: 2, height: 5, width: 7), rectified: rectified)
        LayerGradientChecker(spec, batch: 2, seed: 5, input: LayerGradientChecker.spacedInput).check()
    }

    @Test func flattenMatchesFiniteDifferences() {
        let spec = LayerSpec.flatten(input: Shape(channels: 3, height: 2, width: 2))
        LayerGradientChecker(spec, batch: 3, seed: 6, input: LayerGradientChecker.uniformInput).check()
    }

    @Test func denseMatchesFiniteDifferences() {
        let spec = LayerSpec.dense(inputs: 7, outputs: 5)
        LayerGradientChecker(spec, batch: 4, seed: 7, input: LayerGradientChecker.uniformInput).check()
    }

    @Test func dropoutMatchesFiniteDifferencesWithItsMaskFixed() {
        let spec = LayerSpec.dropout(features: 12, rate: 0.4)
        LayerGradientChecker(spec, batch: 3, seed: 8, input: LayerGradientChecker.uniformInput).check()
    }

    @Test func groupNormMatchesFiniteDifferences() {
        let spec = LayerSpec.groupNorm(shape: Shape(channels: 4, height: 3, width: 3), groups: 2)
        LayerGradientChecker(spec, batch: 2, seed: 9, input: LayerGradientChecker.uniformInput).check()
    }

    @Test func inputScalingMatchesFiniteDifferences() {
        let spec = LayerSpec.inputScaling(shape: Shape(channels: 1, height: 3, width: 4))
        LayerGradientChecker(spec, batch: 2, seed: 10, input: LayerGradientChecker.uniformInput).check()
    }
}
