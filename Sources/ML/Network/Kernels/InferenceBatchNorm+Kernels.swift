/// The encoder's batch-norm loops, written over rows of channels so the
/// compiler vectorises them along the channel axis.
extension InferenceBatchNorm {
    /// Normalizes `values` laid out with the channel last (any number of rows of `channels`).
    package func apply(_ values: inout [Float]) {
        let channels = self.channels
        precondition(values.count % channels == 0, "rows of channels")
        let rows = values.count / channels
        scale.withUnsafeBufferPointer { scale in
            shift.withUnsafeBufferPointer { shift in
                values.withUnsafeMutableBufferPointer { values in
                    let s = scale.baseAddress.unsafelyUnwrapped, b = shift.baseAddress.unsafelyUnwrapped
                    let x = values.baseAddress.unsafelyUnwrapped
                    for r in 0..<rows {
                        let row = x + r * channels
                        for c in 0..<channels { row[c] = row[c] * s[c] + b[c] }
                    }
                }
            }
        }
    }

    /// ReLU of a [time, width, channels] map, normalized, then its maximum over width: [time, channels],
    /// in one pass (musicnn's front end after `TimeConvolution.linear`).
    package func rectifyThenApplyThenMaxOverWidth(_ values: [Float], time: Int, width: Int) -> [Float] {
        let channels = self.channels
        precondition(values.count == time * width * channels, "a [time, width, channels] map")
        var output = [Float](repeating: -.infinity, count: time * channels)
        scale.withUnsafeBufferPointer { scale in
            shift.withUnsafeBufferPointer { shift in
                values.withUnsafeBufferPointer { values in
                    output.withUnsafeMutableBufferPointer { output in
                        let s = scale.baseAddress.unsafelyUnwrapped, b = shift.baseAddress.unsafelyUnwrapped
                        let x = values.baseAddress.unsafelyUnwrapped, y = output.baseAddress.unsafelyUnwrapped
                        Parallel.forEach(time) { t in
                            let out = y + t * channels
                            for f in 0..<width {
                                let row = x + (t * width + f) * channels
                                for c in 0..<channels { out[c] = max(out[c], max(row[c], 0) * s[c] + b[c]) }
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}
