/// The encoder convolution's loops: im2col straight from the unpadded input
/// (rows outside the clip written as zeros, spread over the cores in runs of
/// output frames), the bias rows the product adds onto, and the ReLU after it.
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

    /// `rows` copies of the bias, one per output position: the product adds onto them.
    func biasRows(_ rows: Int) -> [Float] {
        let filters = self.filters
        precondition(rows > 0 && bias.count == filters, "a bias per filter")
        return bias.withUnsafeBufferPointer { bias in
            [Float](unsafeUninitializedCapacity: rows * filters) { output, initialized in
                let b = bias.baseAddress.unsafelyUnwrapped, y = output.baseAddress.unsafelyUnwrapped
                for r in 0..<rows { (y + r * filters).initialize(from: b, count: filters) }
                initialized = rows * filters
            }
        }
    }

    /// `output[i] = max(output[i], 0)`.
    func rectify(_ output: inout [Float]) {
        let count = output.count, valuesPerTask = Self.framesPerTask * 4096
        output.withUnsafeMutableBufferPointer { output in
            let y = output.baseAddress.unsafelyUnwrapped
            Parallel.forEach((count + valuesPerTask - 1) / valuesPerTask) { task in
                for i in (task * valuesPerTask)..<min(count, (task + 1) * valuesPerTask) { y[i] = max(y[i], 0) }
            }
        }
    }
}
