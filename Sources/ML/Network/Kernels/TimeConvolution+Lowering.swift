/// The encoder convolution's loops: im2col straight from the unpadded input
/// (rows outside the clip written as zeros, spread over the cores in runs of
/// output frames), the bias rows the product adds onto, and the ReLU after it.
extension TimeConvolution {
    /// Frames per unit of parallel work.
    private static let framesPerTask = 16

    /// The `(outTime · outWidth) × (kernelTime · kernelFreq)` patch matrix:
    /// row `(t, f)` holds input rows `t − padBefore ..< t − padBefore + kernelTime`,
    /// columns `f ..< f + kernelFreq` of each, zero outside the input. A
    /// one-band kernel reads the input laid out band by band, padding included
    /// (`bandMajor`), where each row is one contiguous run of frames.
    func lower(_ input: [Float], time: Int, width: Int, outTime: Int) -> [Float] {
        let outWidth = outputWidth(inputWidth: width), depth = kernelTime * kernelFreq
        let count = outTime * outWidth * depth
        precondition(input.count == time * width && count > 0, "input fits the kernel")
        let (kernelTime, kernelFreq, padBefore) = (kernelTime, kernelFreq, padBefore)
        let oneBand = kernelFreq == 1, paddedTime = padBefore + time + padAfter
        let bands = oneBand ? bandMajor(input, time: time, width: width) : []
        return input.withUnsafeBufferPointer { source in
            bands.withUnsafeBufferPointer { bands in
                [Float](unsafeUninitializedCapacity: count) { patches, initialized in
                    let x = source.baseAddress.unsafelyUnwrapped, b = bands.baseAddress, target = patches.baseAddress.unsafelyUnwrapped
                    let tasks = (outTime + Self.framesPerTask - 1) / Self.framesPerTask
                    Parallel.forEach(tasks) { task in
                        for t in (task * Self.framesPerTask)..<min(outTime, (task + 1) * Self.framesPerTask) {
                            for f in 0..<outWidth {
                                let row = target + (t * outWidth + f) * depth
                                if oneBand {
                                    row.initialize(from: b.unsafelyUnwrapped + f * paddedTime + t, count: kernelTime)
                                    continue
                                }
                                for dt in 0..<kernelTime {
                                    let st = t + dt - padBefore
                                    let out = row + dt * kernelFreq
                                    guard st >= 0 && st < time else {
                                        out.initialize(repeating: 0, count: kernelFreq)
                                        continue
                                    }
                                    out.initialize(from: x + st * width + f, count: kernelFreq)
                                }
                            }
                        }
                    }
                    initialized = count
                }
            }
        }
    }

    /// The input band by band, each band's frames preceded by `padBefore` and
    /// followed by `padAfter` zeros: `width × (padBefore + time + padAfter)`.
    func bandMajor(_ input: [Float], time: Int, width: Int) -> [Float] {
        let paddedTime = padBefore + time + padAfter
        var bands = [Float](repeating: 0, count: width * paddedTime)
        for t in 0..<time {
            for f in 0..<width { bands[f * paddedTime + padBefore + t] = input[t * width + f] }
        }
        return bands
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
