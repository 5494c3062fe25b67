import ChorusSupport
import ML
import Testing

/// The encoder convolution's lowering against a direct sum, and a stack of
/// convolutions against its parts run one by one.
struct TimeConvolutionTests {
    private static func random(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in 2 * generator.nextUnitFloat() - 1 }
    }

    /// ReLU(bias + Σ kernel · input) computed directly in double precision, zero outside the input in time.
    private static func direct(_ input: [Float], time: Int, width: Int, kernel: [Float], shape: [Int], bias: [Float],
                               padBefore: Int, padAfter: Int) -> [Float] {
        let (kt, kf, filters) = (shape[0], shape[1], shape[3])
        let outTime = time + padBefore + padAfter - kt + 1, outWidth = width - kf + 1
        var output: [Float] = []
        for t in 0..<outTime {
            for f in 0..<outWidth {
                for c in 0..<filters {
                    var sum = Double(bias[c])
                    for dt in 0..<kt where (0..<time).contains(t + dt - padBefore) {
                        for df in 0..<kf {
                            sum += Double(input[(t + dt - padBefore) * width + f + df]) * Double(kernel[(dt * kf + df) * filters + c])
                        }
                    }
                    output.append(Float(max(sum, 0)))
                }
            }
        }
        return output
    }

    @Test func loweredProductMatchesTheDirectSum() {
        var generator = SeededGenerator(seed: 5)
        // One-band kernels (lowered from the band-major copy) with padding, one longer than the input.
        for (shape, pads) in [([3, 2, 1, 4], (1, 2)), ([4, 1, 1, 3], (1, 2)), ([12, 1, 1, 2], (5, 6)), ([2, 5, 1, 2], (0, 0)),
                              ([3, 5, 1, 3], (1, 1))] {
            let (time, width) = (9, 5)
            let kernel = Self.random(shape.reduce(1, *), &generator), bias = Self.random(shape[3], &generator)
            let input = Self.random(time * width, &generator)
            let convolution = TimeConvolution(kernel: EncoderTensor(shape: shape, values: kernel),
                                              bias: EncoderTensor(shape: [shape[3]], values: bias), padBefore: pads.0, padAfter: pads.1)
            let (values, outTime, outWidth) = convolution.apply(input, time: time, width: width)
            let want = Self.direct(input, time: time, width: width, kernel: kernel, shape: shape, bias: bias,
                                   padBefore: pads.0, padAfter: pads.1)
            #expect(outTime == time + pads.0 + pads.1 - shape[0] + 1 && outWidth == width - shape[1] + 1)
            #expect(values.count == want.count)
            #expect(zip(values, want).allSatisfy { abs($0 - $1) <= 1e-5 }, "kernel \(shape), padding \(pads)")
        }
    }

    /// musicnn's temporal filters in miniature: 'same'-padded kernels of 8, 4 and 2 frames stacked into one.
    @Test func stackedConvolutionEqualsItsPartsSideBySide() {
        var generator = SeededGenerator(seed: 9)
        let (time, width) = (12, 5)
        let input = Self.random(time * width, &generator)
        let shapes = [(frames: 8, filters: 3), (frames: 4, filters: 2), (frames: 2, filters: 2)]
        let parts = shapes.map { frames, filters in
            let pad = TimeConvolution.samePadding(kernelTime: frames)
            return TimeConvolution(kernel: EncoderTensor(shape: [frames, 1, 1, filters], values: Self.random(frames * filters, &generator)),
                                   bias: EncoderTensor(shape: [filters], values: Self.random(filters, &generator)),
                                   padBefore: pad.before, padAfter: pad.after)
        }
        let stacked = TimeConvolution(stacking: parts)
        let (values, outTime, outWidth) = stacked.apply(input, time: time, width: width)
        #expect(outTime == time && outWidth == width)
        let separate = parts.map { $0.apply(input, time: time, width: width).values }
        var want: [Float] = []
        for row in 0..<(time * width) {
            for (shape, output) in zip(shapes, separate) { want += output[(row * shape.filters)..<((row + 1) * shape.filters)] }
        }
        #expect(values.count == want.count)
        #expect(zip(values, want).allSatisfy { abs($0 - $1) <= 1e-5 })
    }
}
