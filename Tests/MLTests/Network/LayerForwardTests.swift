import ChorusSupport
import ML
import Testing
import TestSupport

/// Forward passes equal straightforward reference computations (gradient
/// checks alone would accept a consistently wrong layout).
struct LayerForwardTests {
    /// Runs one layer forward on `input` and returns its output.
    static func run(_ spec: LayerSpec, isFirst: Bool, batch: Int, input: [Float], parameters: [Float]) -> [Float] {
        let layer = NetworkWorkspace.makeLayer(spec, batchCapacity: batch, isFirst: isFirst)
        var generator = SeededGenerator(seed: 0)
        layer.forward(Tensor(input, shape: spec.inputShape), batch: batch,
                      parameters: TensorSlice(Tensor(parameters)), training: false, generator: &generator)
        return layer.output.values(batch: batch)
    }

    /// The last case's samples have 2.9 MB of patches each, so forward lowers and multiplies the
    /// batch of 3 in two runs (2 samples, then 1) and the runs must meet without a seam.
    @Test(arguments: [(1, true, 2, 5, 7), (1, false, 2, 5, 7), (3, false, 2, 5, 7), (2, false, 3, 200, 200)])
    func convolutionEqualsDirectSumOverTheZeroPaddedWindow(inputChannels: Int, isFirst: Bool, batch: Int, height: Int, width: Int) {
        let outputs = 3
        let spec = LayerSpec.convolution(input: Shape(channels: inputChannels, height: height, width: width),
                                         outputChannels: outputs)
        var generator = SplitMix64(seed: UInt64(inputChannels))
        let input = (0..<(batch * spec.inputShape.count)).map { _ in Float.random(in: -1...1, using: &generator) }
        let parameters = (0..<spec.parameterCount).map { _ in Float.random(in: -1...1, using: &generator) }
        let output = Self.run(spec, isFirst: isFirst, batch: batch, input: input, parameters: parameters)
        // Channel-major layout: value (c, n, h, w) at ((c·N + n)·H + h)·W + w.
        func x(_ c: Int, _ n: Int, _ h: Int, _ w: Int) -> Float {
            guard h >= 0, h < height, w >= 0, w < width else { return 0 }
            return input[((c * batch + n) * height + h) * width + w]
        }
        for o in 0..<outputs {
            for n in 0..<batch {
                for h in 0..<height {
                    for w in 0..<width {
                        var expected = parameters[outputs * inputChannels * 9 + o]
                        for c in 0..<inputChannels {
                            for ky in 0..<3 {
                                for kx in 0..<3 {
                                    expected += parameters[((o * inputChannels + c) * 3 + ky) * 3 + kx] * x(c, n, h + ky - 1, w + kx - 1)
                                }
                            }
                        }
                        let got = output[((o * batch + n) * height + h) * width + w]
                        // At most 28 products of size ≤ 1 in float32: 1e-5 covers reassociation.
                        #expect(abs(got - expected) < 1e-5, "output (\(o), \(n), \(h), \(w))")
                    }
                }
            }
        }
    }

    @Test func maxPoolTakesEachWindowsMaximumAndDropsTheOddColumn() {
        let input: [Float] = [1, 5, -2, -3, 9,
                              3, 4, -8, -7, 9]
        let plain = LayerSpec.maxPool(input: Shape(channels: 1, height: 2, width: 5), rectified: false)
        #expect(Self.run(plain, isFirst: false, batch: 1, input: input, parameters: []) == [5, -2])
        let rectified = LayerSpec.maxPool(input: Shape(channels: 1, height: 2, width: 5), rectified: true)
        #expect(Self.run(rectified, isFirst: false, batch: 1, input: input, parameters: []) == [5, 0])
    }

    /// Rows wide enough for the eight-window loop and its scalar tail (37 columns: 18 windows, one dropped column).
    @Test(arguments: [false, true])
    func maxPoolOnWideRowsTakesEachWindowsMaximum(rectified: Bool) {
        let (channels, batch, height, width) = (2, 3, 5, 37)
        let spec = LayerSpec.maxPool(input: Shape(channels: channels, height: height, width: width), rectified: rectified)
        var generator = SplitMix64(seed: 3)
        let input = (0..<(batch * spec.inputShape.count)).map { _ in Float.random(in: -1...1, using: &generator) }
        let output = Self.run(spec, isFirst: false, batch: batch, input: input, parameters: [])
        let (outHeight, outWidth) = (height / 2, width / 2)
        var want: [Float] = []
        for plane in 0..<(channels * batch) {
            for oh in 0..<outHeight {
                for ow in 0..<outWidth {
                    let window = [(0, 0), (0, 1), (1, 0), (1, 1)].map { input[(plane * height + 2 * oh + $0) * width + 2 * ow + $1] }
                    want.append(max(window.max() ?? 0, rectified ? 0 : -.infinity))
                }
            }
        }
        #expect(output == want)
    }

    @Test func flattenOrdersEachSamplesFeaturesByChannelThenPosition() {
        // Two samples, two channels of 1×2: channel-major input [c0n0, c0n1, c1n0, c1n1].
        let spec = LayerSpec.flatten(input: Shape(channels: 2, height: 1, width: 2))
        let input: [Float] = [1, 2, 10, 20, 3, 4, 30, 40]
        #expect(Self.run(spec, isFirst: false, batch: 2, input: input, parameters: []) == [1, 2, 3, 4, 10, 20, 30, 40])
    }

    @Test func denseComputesInputTimesWeightsTransposedPlusBias() {
        let spec = LayerSpec.dense(inputs: 2, outputs: 2)
        // W = [[1, 2], [3, 4]], b = [0.5, -1]; x = [1, 1]
        let output = Self.run(spec, isFirst: false, batch: 1, input: [1, 1], parameters: [1, 2, 3, 4, 0.5, -1])
        #expect(output == [3.5, 6])
    }

    @Test func dropoutIsTheIdentityAtInference() {
        let spec = LayerSpec.dropout(features: 4, rate: 0.5)
        #expect(Self.run(spec, isFirst: false, batch: 2, input: [1, 2, 3, 4, 5, 6, 7, 8], parameters: [])
            == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func inputScalingMapsTheDecibelRangeOntoMinusOneToOne() {
        let spec = LayerSpec.inputScaling(shape: Shape(channels: 1, height: 1, width: 3))
        #expect(Self.run(spec, isFirst: true, batch: 1, input: [-80, -40, 0], parameters: []) == [-1, 0, 1])
    }
}
