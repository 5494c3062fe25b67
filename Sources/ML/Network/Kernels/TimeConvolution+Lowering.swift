/// The encoder convolution's loops: im2col straight from the unpadded input
/// (rows outside the clip written as zeros) and the bias-plus-ReLU pass after
/// the product, both spread over the cores in runs of output frames.
extension TimeConvolution {
    /// Frames per unit of parallel work.
    private static let framesPerTask = 16

    /// The `(outTime · outWidth) × (kernelTime · kernelFreq)` patch matrix:
    /// row `(t, f)` holds input rows `t − padBefore ..< t − padBefore + kernelTime`,
    /// columns `f ..< f + kernelFreq` of each, zero outside the input.
    func lower(_ input: [Float], time: Int, width: Int, outTime: Int) -> [Float] {
        let outWidth = outputWidth(inputWidth: width), depth = kernelTime * kernelFreq
        let count = outTime * outWidth * depth
        precondition(input.count == time * width && count > 0, "input fits the kernel")
        let (kernelTime, kernelFreq, padBefore) = (kernelTime, kernelFreq, padBefore)
        return input.withUnsafeBufferPointer { source in
            [Float](unsafeUninitializedCapacity: count) { patches, initialized in
                let x = source.baseAddress.unsafelyUnwrapped, target = patches.baseAddress.unsafelyUnwrapped
                let tasks = (outTime + Self.framesPerTask - 1) / Self.framesPerTask
                Parallel.forEach(tasks) { task in
                    for t in (task * Self.framesPerTask)..<min(outTime, (task + 1) * Self.framesPerTask) {
                        for f in 0..<outWidth {
                            let row = target + (t * outWidth + f) * depth
                            for dt in 0..<kernelTime {
                                let st = t + dt - padBefore
                                let out = row + dt * kernelFreq
                                guard st >= 0 && st < time else {
                                    out.initialize(repeating: 0, count: kernelFreq)
                                    continue
                                }
                                if kernelFreq == 1 {
                                    out.initialize(to: x[st * width + f])
                                } else {
                                    out.initialize(from: x + st * width + f, count: kernelFreq)
                                }
                            }
                        }
                    }
                }
                initialized = count
            }
        }
    }

    /// `output[r, c] = max(output[r, c] + bias[c], 0)` over rows of `filters` values.
    func addBiasAndRectify(_ output: inout [Float]) {
        let filters = self.filters
        precondition(output.count % filters == 0 && bias.count == filters, "rows of filters")
        let rows = output.count / filters
        bias.withUnsafeBufferPointer { bias in
            output.withUnsafeMutableBufferPointer { output in
                let b = bias.baseAddress.unsafelyUnwrapped, y = output.baseAddress.unsafelyUnwrapped
                let rowsPerTask = Self.framesPerTask * 16
                Parallel.forEach((rows + rowsPerTask - 1) / rowsPerTask) { task in
                    for r in (task * rowsPerTask)..<min(rows, (task + 1) * rowsPerTask) {
                        let row = y + r * filters
                        for c in 0..<filters { row[c] = max(row[c] + b[c], 0) }
                    }
                }
            }
        }
    }
}
