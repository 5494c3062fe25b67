/// A stride-1 convolution of a one-channel [time, freq] map, TensorFlow's
/// `conv2d` with one input channel: zero padding in time only (`padBefore`,
/// `padAfter`: (0, 0) for 'valid', ((k-1)/2, k/2) for TensorFlow's 'same'),
/// valid in frequency. A kernel as wide as the map is a 1-D convolution over
/// time (musicnn's mid-end). Lowered by im2col onto one `cblas_sgemm`, with
/// bias and ReLU applied after it.
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

    /// TensorFlow's 'same' padding in time for this kernel.
    package static func samePadding(kernelTime: Int) -> (before: Int, after: Int) { ((kernelTime - 1) / 2, kernelTime / 2) }

    /// The output's frequency positions for an input `width` wide.
    func outputWidth(inputWidth width: Int) -> Int { width - kernelFreq + 1 }

    /// ReLU(conv(input) + bias) for `input` of `time` × `width` (row-major),
    /// as [outTime, outWidth, filters] row-major, outTime = time + padding - kernelTime + 1.
    /// - Complexity: one sgemm of (outTime · outWidth) × (kernelTime · kernelFreq) × filters.
    package func apply(_ input: [Float], time: Int, width: Int) -> (values: [Float], time: Int, width: Int) {
        precondition(input.count == time * width && width >= kernelFreq, "input fits the kernel")
        let paddedTime = time + padBefore + padAfter
        let outTime = paddedTime - kernelTime + 1, outWidth = outputWidth(inputWidth: width)
        let rows = outTime * outWidth, depth = kernelTime * kernelFreq
        var padded = [Float](repeating: 0, count: paddedTime * width)
        padded.replaceSubrange((padBefore * width)..<((padBefore + time) * width), with: input)
        var columns = [Float](repeating: 0, count: rows * depth)
        padded.withUnsafeBufferPointer { source in
            columns.withUnsafeMutableBufferPointer { columns in
                let source = source.baseAddress.unsafelyUnwrapped, target = columns.baseAddress.unsafelyUnwrapped
                for t in 0..<outTime {
                    for f in 0..<outWidth {
                        let row = target + (t * outWidth + f) * depth
                        for dt in 0..<kernelTime {
                            (row + dt * kernelFreq).update(from: source + (t + dt) * width + f, count: kernelFreq)
                        }
                    }
                }
            }
        }
        var output = [Float](repeating: 0, count: rows * filters)
        for row in 0..<rows { output.replaceSubrange((row * filters)..<((row + 1) * filters), with: bias) }
        Gemm.multiply(transposeA: false, transposeB: false, m: rows, n: filters, k: depth,
                      a: columns, lda: depth, b: kernel, ldb: filters, beta: 1, c: &output, ldc: filters)
        for index in output.indices where output[index] < 0 { output[index] = 0 }
        return (output, outTime, outWidth)
    }
}
