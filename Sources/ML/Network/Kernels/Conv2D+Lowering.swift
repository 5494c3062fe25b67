/// im2col and col2im for 3×3, padding 1, stride 1 over a channel-major batch,
/// one run of samples at a time.
///
/// Patch row `c·9 + ky·3 + kx` holds, for every output position `(n, h, w)` of
/// the run, the input value at `(c, n, h + ky − 1, w + kx − 1)`, zero outside
/// the plane; rows are `samplesPerRun · H·W` apart and sample `n` of the run
/// starts at column `(n − first)·H·W`. Each row is built from shifted row
/// copies: `kx = 1` copies whole planes shifted by rows, `kx = 0, 2` copy each
/// row shifted by one column.
extension Conv2D {
    /// Writes the patch columns of `samples` (of a batch of `batch`) into `scratch`.
    func im2col(_ input: Tensor, batch: Int, samples: Range<Int>) {
        checkRun(batch: batch, samples: samples)
        input.withUnsafeValues { x in
            scratch.withUnsafeValues { patches in im2col(UnsafePointer(x), batch: batch, samples: samples, into: patches) }
        }
    }

    private func checkRun(batch: Int, samples: Range<Int>) {
        precondition(samples.lowerBound >= 0 && samples.upperBound <= batch && samples.count <= samplesPerRun
                     && samplesPerRun * patchSize * input.plane <= scratch.count, "run outside the batch or the scratch")
    }

    private func im2col(_ x: UnsafePointer<Float>, batch: Int, samples: Range<Int>, into patches: UnsafeMutablePointer<Float>) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let columns = batch * plane, runStride = samplesPerRun * plane
        Parallel.forEach(input.channels) { channel in
            let source = x + channel * columns
            for ky in 0..<3 {
                let dy = ky - 1
                for kx in 0..<3 {
                    let row = patches + (channel * 9 + ky * 3 + kx) * runStride
                    for sample in samples {
                        let destination = row + (sample - samples.lowerBound) * plane
                        let from = source + sample * plane
                        for h in 0..<height {
                            let out = destination + h * width
                            let sh = h + dy
                            guard sh >= 0 && sh < height else {
                                out.update(repeating: 0, count: width)
                                continue
                            }
                            let inRow = from + sh * width
                            switch kx {
                            case 0:
                                out[0] = 0
                                (out + 1).update(from: inRow, count: width - 1)
                            case 1:
                                out.update(from: inRow, count: width)
                            default:
                                out.update(from: inRow + 1, count: width - 1)
                                out[width - 1] = 0
                            }
                        }
                    }
                }
            }
        }
    }

    /// Sums the patch gradients of `samples` in `scratch` back onto the input positions they came from.
    func col2im(into inputGradient: Tensor, batch: Int, samples: Range<Int>) {
        checkRun(batch: batch, samples: samples)
        precondition(batch * input.count <= inputGradient.count, "batch outside the input gradient")
        scratch.withUnsafeValues { patches in
            inputGradient.withUnsafeValues { dx in col2im(UnsafePointer(patches), batch: batch, samples: samples, into: dx) }
        }
    }

    private func col2im(_ patches: UnsafePointer<Float>, batch: Int, samples: Range<Int>, into dx: UnsafeMutablePointer<Float>) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let columns = batch * plane, runStride = samplesPerRun * plane
        Parallel.forEach(input.channels) { channel in
            let target = dx + channel * columns + samples.lowerBound * plane
            // The centre tap covers every position: copy it instead of zeroing and adding.
            target.update(from: patches + (channel * 9 + 4) * runStride, count: samples.count * plane)
            for ky in 0..<3 {
                let dy = ky - 1
                for kx in 0..<3 where !(ky == 1 && kx == 1) {
                    let row = patches + (channel * 9 + ky * 3 + kx) * runStride
                    for sample in 0..<samples.count {
                        let from = row + sample * plane
                        let destination = target + sample * plane
                        for h in 0..<height {
                            let sh = h + dy
                            guard sh >= 0 && sh < height else { continue }
                            let inRow = from + h * width
                            let out = destination + sh * width
                            switch kx {
                            case 0: Kernels.add(inRow + 1, into: out, count: width - 1)
                            case 1: Kernels.add(inRow, into: out, count: width)
                            default: Kernels.add(inRow, into: out + 1, count: width - 1)
                            }
                        }
                    }
                }
            }
        }
    }
}
