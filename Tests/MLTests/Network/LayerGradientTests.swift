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

    /// Rows of 37 columns (four-window vectors and a scalar tail, one dropped column) with values from
    /// {-1, 0, 1}, so most windows tie: each window's gradient goes, exactly, to the first position in
    /// row-major order holding its maximum (and, rectified, nowhere when that maximum is not positive).
    @Test(arguments: [false, true])
    func maxPoolOnWideRowsRoutesEachGradientToTheFirstMaximum(rectified: Bool) {
        let (channels, batch, height, width) = (2, 3, 5, 37)
        let spec = LayerSpec.maxPool(input: Shape(channels: channels, height: height, width: width), rectified: rectified)
        var checker = LayerGradientChecker(spec, batch: batch, seed: 13, input: LayerGradientChecker.uniformInput)
        checker.input = checker.input.map { ($0 * 1.5).rounded() }
        let (x, r) = (checker.input, checker.projection)
        var want = [Float](repeating: 0, count: x.count)
        let (outHeight, outWidth) = (height / 2, width / 2)
        for plane in 0..<(channels * batch) {
            for oh in 0..<outHeight {
                for ow in 0..<outWidth {
                    let positions = [(0, 0), (0, 1), (1, 0), (1, 1)].map { (plane * height + 2 * oh + $0) * width + 2 * ow + $1 }
                    let maximum = positions.map { x[$0] }.max() ?? 0
                    guard !rectified || maximum > 0, let first = positions.first(where: { x[$0] == maximum }) else { continue }
                    want[first] = r[(plane * outHeight + oh) * outWidth + ow]
                }
            }
        }
        #expect(checker.analytic().input == want)
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

    /// A convolution whose batch spans several runs (2.9 MB of patches per sample: 2 samples, then 1) sums
    /// its weight gradient over the runs and folds each run's patch gradients onto its own samples. The
    /// layer is linear, so L = Σ r ⊙ y has ∂L/∂W[o,c,ky,kx] = Σ r[o,n,h,w]·x[c,n,h+ky−1,w+kx−1] and
    /// ∂L/∂x[c,n,h,w] = Σ W[o,c,ky,kx]·r[o,n,h−ky+1,w−kx+1], summed here directly in double precision.
    @Test func convolutionSplitIntoRunsGivesTheDirectSums() {
        let (channels, outputs, batch, height, width) = (2, 3, 3, 200, 200)
        let spec = LayerSpec.convolution(input: Shape(channels: channels, height: height, width: width), outputChannels: outputs)
        let checker = LayerGradientChecker(spec, batch: batch, seed: 12, input: LayerGradientChecker.uniformInput)
        let (inputGradient, parameterGradient) = checker.analytic()
        let (x, r, w) = (checker.input, checker.projection, checker.parameters)
        func at(_ values: [Float], _ c: Int, _ n: Int, _ h: Int, _ v: Int) -> Double {
            guard h >= 0, h < height, v >= 0, v < width else { return 0 }
            return Double(values[((c * batch + n) * height + h) * width + v])
        }
        var weightGradient = [Double](repeating: 0, count: outputs * channels * 9)
        var wantInput = [Double](repeating: 0, count: x.count)
        for o in 0..<outputs {
            for c in 0..<channels {
                for tap in 0..<9 {
                    let (ky, kx) = (tap / 3, tap % 3), weight = Double(w[(o * channels + c) * 9 + tap])
                    for n in 0..<batch {
                        for h in 0..<height {
                            for v in 0..<width {
                                let g = at(r, o, n, h, v)
                                weightGradient[(o * channels + c) * 9 + tap] += g * at(x, c, n, h + ky - 1, v + kx - 1)
                                let (sh, sv) = (h + ky - 1, v + kx - 1)
                                if sh >= 0 && sh < height && sv >= 0 && sv < width {
                                    wantInput[((c * batch + n) * height + sh) * width + sv] += weight * g
                                }
                            }
                        }
                    }
                }
            }
        }
        // Sums of up to 120,000 products of size ≤ 1 in float32: relative 1e-4 of the largest covers the rounding.
        let scale = weightGradient.map(abs).max() ?? 1
        #expect(zip(parameterGradient, weightGradient).allSatisfy { abs(Double($0) - $1) <= 1e-4 * scale })
        #expect(zip(inputGradient ?? [], wantInput).allSatisfy { abs(Double($0) - $1) <= 1e-5 })
        #expect(inputGradient?.count == wantInput.count)
    }
}
