/// A stride-1 convolution of a one-channel [time, freq] map, TensorFlow's
/// `conv2d` with one input channel: zero padding in time only (`padBefore`,
/// `padAfter`: (0, 0) for 'valid', ((k-1)/2, k/2) for TensorFlow's 'same'),
/// valid in frequency. A kernel as wide as the map is a 1-D convolution over
/// time (musicnn's mid-end). Lowered by im2col (padding written as zeros, no
/// padded copy) onto one `cblas_sgemm` that adds onto rows of the bias, then
/// ReLU in one pass (`TimeConvolution+Lowering`), or in the pass after (`linear`).
package struct TimeConvolution: Sendable {
    /// Kernel [kernelTime, kernelFreq, 1, filters] as stored, i.e. a
    /// (kernelTime · kernelFreq) × filters row-major matrix.
    let kernel: [Float]
    let bias: [Float]
    let kernelTime: Int
    let kernelFreq: Int
    let filters: Int
    let padBefore: Int
    let padAfter: Int

    package init(kernel: EncoderTensor, bias: EncoderTensor, padBefore: Int, padAfter: Int) {
        precondition(kernel.shape.count == 4 && kernel.shape[2] == 1 && bias.shape == [kernel.shape[3]], "one input channel")
        self.kernel = kernel.values
        self.bias = bias.values
        kernelTime = kernel.shape[0]
        kernelFreq = kernel.shape[1]
        filters = kernel.shape[3]
        self.padBefore = padBefore
        self.padAfter = padAfter
    }

    /// One convolution computing the filters of all `convolutions` side by
    /// side, in order: possible when they share the kernel width and output
    /// length and each one's time window lies inside the widest (musicnn's
    /// 'same'-padded temporal filters of 128, 64 and 32 frames all centre on
    /// the same frame). Each kernel is embedded at its window's offset with
    /// zero taps around it, so the lowering is built once and one wider
    /// product replaces three narrow ones; the zero taps add exact zeros.
    package init(stacking convolutions: [TimeConvolution]) {
        guard let first = convolutions.first else { preconditionFailure("at least one convolution to stack") }
        let before = convolutions.map(\.padBefore).max() ?? 0
        let span = convolutions.map { before - $0.padBefore + $0.kernelTime }.max() ?? 0
        let shrink = first.kernelTime - first.padBefore - first.padAfter
        precondition(convolutions.allSatisfy { $0.kernelFreq == first.kernelFreq && $0.kernelTime - $0.padBefore - $0.padAfter == shrink },
                     "stacked convolutions share kernel width and output length")
        let filters = convolutions.reduce(0) { $0 + $1.filters }
        var kernel = [Float](repeating: 0, count: span * first.kernelFreq * filters)
        var column = 0
        for convolution in convolutions {
            let offset = before - convolution.padBefore
            for dt in 0..<convolution.kernelTime {
                for df in 0..<convolution.kernelFreq {
                    let target = ((offset + dt) * first.kernelFreq + df) * filters + column
                    let source = (dt * convolution.kernelFreq + df) * convolution.filters
                    kernel.replaceSubrange(target..<(target + convolution.filters),
                                           with: convolution.kernel[source..<(source + convolution.filters)])
                }
            }
            column += convolution.filters
        }
        self.kernel = kernel
        bias = convolutions.flatMap(\.bias)
        kernelTime = span
        kernelFreq = first.kernelFreq
        self.filters = filters
        padBefore = before
        padAfter = span - shrink - before
    }

    /// TensorFlow's 'same' padding in time for this kernel.
    package static func samePadding(kernelTime: Int) -> (before: Int, after: Int) { ((kernelTime - 1) / 2, kernelTime / 2) }

    /// The output's frequency positions for an input `width` wide.
    func outputWidth(inputWidth width: Int) -> Int { width - kernelFreq + 1 }

    /// ReLU(conv(input) + bias) for `input` of `time` × `width` (row-major),
    /// as [outTime, outWidth, filters] row-major, outTime = time + padding - kernelTime + 1.
    /// - Complexity: one sgemm of (outTime · outWidth) × (kernelTime · kernelFreq) × filters.
    package func apply(_ input: [Float], time: Int, width: Int) -> (values: [Float], time: Int, width: Int) {
        var result = linear(input, time: time, width: width)
        rectify(&result.values)
        return result
    }

    /// conv(input) + bias before the ReLU, laid out as `apply`'s, for a layer
    /// whose next pass applies the ReLU itself (`InferenceBatchNorm.rectifyThenApplyThenMaxOverWidth`).
    package func linear(_ input: [Float], time: Int, width: Int) -> (values: [Float], time: Int, width: Int) {
        precondition(input.count == time * width && width >= kernelFreq, "input fits the kernel")
        let outTime = time + padBefore + padAfter - kernelTime + 1, outWidth = outputWidth(inputWidth: width)
        precondition(outTime >= 1, "input long enough for the kernel")
        let rows = outTime * outWidth, depth = kernelTime * kernelFreq
        let columns = lower(input, time: time, width: width, outTime: outTime)
        var output = biasRows(rows)
        Gemm.multiply(transposeA: false, transposeB: false, m: rows, n: filters, k: depth,
                      a: columns, lda: depth, b: kernel, ldb: filters, beta: 1, c: &output, ldc: filters)
        return (output, outTime, outWidth)
    }
}
