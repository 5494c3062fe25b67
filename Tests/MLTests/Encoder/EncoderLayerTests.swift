import ML
import Testing

/// The encoder's layers against small answers worked out by hand.
struct EncoderLayerTests {
    /// 3 × 3 input, a [2, 2, 1, 2] kernel with TensorFlow 'same' padding in time (0 before, 1 after).
    @Test func convolutionPadsTimeOnlyAndLaysOutFiltersLast() {
        let kernel = EncoderTensor(shape: [2, 2, 1, 2], values: [-1, 1, 0, 1, 0, 1, 1, 1])
        let convolution = TimeConvolution(kernel: kernel, bias: EncoderTensor(shape: [2], values: [0.5, 0]),
                                          padBefore: 0, padAfter: 1)
        #expect(TimeConvolution.samePadding(kernelTime: 2) == (0, 1))
        #expect(TimeConvolution.samePadding(kernelTime: 7) == (3, 3))
        let (values, time, width) = convolution.apply([1, 2, 3, 4, 5, 6, 7, 8, 9], time: 3, width: 3)
        #expect(time == 3 && width == 2)
        // Filter 0: x[t+1, f+1] − x[t, f] + 0.5, ReLU (zero padding below); filter 1: the 2 × 2 window's sum.
        #expect(values == [4.5, 12, 4.5, 16, 4.5, 24, 4.5, 28, 0, 15, 0, 17])
    }

    @Test func convolutionAsWideAsTheMapIsOneDimensionalOverTime() {
        // Kernel [3, 2, 1, 1] of ones on a 2-frame, 2-channel map padded one frame each side: sums of 3-frame windows.
        let convolution = TimeConvolution(kernel: EncoderTensor(shape: [3, 2, 1, 1], values: [1, 1, 1, 1, 1, 1]),
                                          bias: EncoderTensor(shape: [1], values: [0]), padBefore: 1, padAfter: 1)
        let (values, time, width) = convolution.apply([1, 2, 3, 4], time: 2, width: 2)
        #expect(time == 2 && width == 1)
        #expect(values == [10, 10])
    }

    @Test func batchNormUsesMovingStatisticsAndEpsilon() {
        let tensors: [String: EncoderTensor] = [
            "bn/gamma": EncoderTensor(shape: [2], values: [2, -1]), "bn/beta": EncoderTensor(shape: [2], values: [1, 0]),
            "bn/moving_mean": EncoderTensor(shape: [2], values: [3, 0]),
            "bn/moving_variance": EncoderTensor(shape: [2], values: [3.999, 0.999]),
        ]
        let norm = InferenceBatchNorm("bn", tensors)
        var values: [Float] = [5, 2, 3, -4]
        norm.apply(&values)
        // scale = γ / √(var + 0.001) = (1, −1), shift = β − mean · scale = (−2, 0).
        #expect(zip(values, [3, -2, 1, 4]).allSatisfy { abs($0 - $1) < 1e-6 })
        // ReLU first: the −4 becomes 0, normalized to 0 (it would be 4): channel 1's maximum at time 0 is 0, not 4.
        let pooled = norm.rectifyThenApplyThenMaxOverWidth([5, 2, 3, -4, 0, 1, 0, 0], time: 2, width: 2)
        #expect(zip(pooled, [3, 0, -2, 0]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func poolingInterleavesMaxAndMeanPerChannel() {
        #expect(MusicnnNetwork.maxAndMeanOverTime([1, -1, 3, 5], time: 2) == [3, 2, 5, 2])
        #expect(MusicnnNetwork.concatenate([[1, 2, 3, 4], [9, 8]], time: 2) == [1, 2, 9, 3, 4, 8])
    }

    @Test func denseMultipliesByItsInputsByOutputsKernel() {
        let dense = DenseLayer(kernel: EncoderTensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]),
                               bias: EncoderTensor(shape: [3], values: [1, 0, -1]))
        #expect(dense.apply([1, 2]) == [10, 12, 14])
    }
}
