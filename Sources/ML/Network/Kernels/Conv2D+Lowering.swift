/// im2col and col2im for 3×3, padding 1, stride 1 over a channel-major batch,
/// one run of samples at a time.
///
/// Patch row `c·9 + ky·3 + kx` holds, for every output position `(n, h, w)` of
/// the run, the input value at `(c, n, h + ky − 1, w + kx − 1)`, zero outside
/// the plane; rows are `samplesPerRun · H·W` apart and sample `n` of the run
/// starts at column `(n − first)·H·W`. Each patch row of a sample is one copy
/// of the plane shifted by `(ky − 1)·W + kx − 1` values (a zero row where the
/// shift leaves the plane, the column that crosses a row's edge zeroed after),
/// not a copy per image row: rows of 16 to 65 floats made those copies mostly call overhead.
extension Conv2D {
    /// Writes the patch columns of `samples` (of a batch of `batch`) into worker `lane`'s part of `scratch`.
    func im2col(_ input: Tensor, batch: Int, samples: Range<Int>, lane: Int) {
        checkRun(batch: batch, samples: samples, lane: lane)
        input.withUnsafeValues { x in
            scratch.withUnsafeValues { patches in
                im2col(UnsafePointer(x), batch: batch, samples: samples, into: patches + lane * patchesPerLane)
            }
        }
    }

    /// Floats of one worker's patch matrix in `scratch`.
    var patchesPerLane: Int { patchSize * samplesPerRun * input.plane }

    private func checkRun(batch: Int, samples: Range<Int>, lane: Int) {
        precondition(samples.lowerBound >= 0 && samples.upperBound <= batch && samples.count <= samplesPerRun
                     && lane >= 0 && (lane + 1) * patchesPerLane <= scratch.count, "run outside the batch or the scratch")
    }

    private func im2col(_ x: UnsafePointer<Float>, batch: Int, samples: Range<Int>, into patches: UnsafeMutablePointer<Float>) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let columns = batch * plane, runStride = samplesPerRun * plane
        Parallel.forEach(input.channels) { channel in
            let source = x + channel * columns
            for ky in 0..<3 {
                // Output rows whose source row `h + ky − 1` lies in the plane; the other is a zero row.
                let (first, last) = (max(0, 1 - ky), min(height, height + 1 - ky))
                let count = (last - first) * width
                for kx in 0..<3 {
                    let row = patches + (channel * 9 + ky * 3 + kx) * runStride
                    for sample in samples {
                        let destination = row + (sample - samples.lowerBound) * plane
                        if ky != 1 { (destination + (ky == 0 ? 0 : (height - 1) * width)).update(repeating: 0, count: width) }
                        guard count > 0 else { continue }
                        let out = destination + first * width
                        let from = source + sample * plane + (first + ky - 1) * width
                        // One copy of the rows shifted by a column, then the column that fell off each row's edge zeroed.
                        switch kx {
                        case 0:
                            (out + 1).update(from: from, count: count - 1)
                            for h in stride(from: 0, to: count, by: width) { out[h] = 0 }
                        case 1:
                            out.update(from: from, count: count)
                        default:
                            out.update(from: from + 1, count: count - 1)
                            for h in stride(from: width - 1, to: count, by: width) { out[h] = 0 }
                        }
                    }
                }
            }
        }
    }

    /// Sums the patch gradients of `samples` in worker `lane`'s part of `scratch` back onto the input positions
    /// they came from.
    func col2im(into inputGradient: Tensor, batch: Int, samples: Range<Int>, lane: Int) {
        checkRun(batch: batch, samples: samples, lane: lane)
        precondition(batch * input.count <= inputGradient.count, "batch outside the input gradient")
        scratch.withUnsafeValues { patches in
            inputGradient.withUnsafeValues { dx in
                col2im(UnsafePointer(patches + lane * patchesPerLane), batch: batch, samples: samples, into: dx)
            }
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
                // Patch rows `first ..< last` land on input rows shifted by `dy`.
                let (first, last) = (max(0, -dy), min(height, height - dy))
                for kx in 0..<3 where !(ky == 1 && kx == 1) {
                    let row = patches + (channel * 9 + ky * 3 + kx) * runStride
                    for sample in 0..<samples.count {
                        let from = row + sample * plane
                        let destination = target + sample * plane
                        guard kx != 1 else {
                            // Whole rows: one add over the shifted block (each position still gets one add per tap).
                            if last > first {
                                Kernels.add(from + first * width, into: destination + (first + dy) * width, count: (last - first) * width)
                            }
                            continue
                        }
                        for h in first..<last {
                            let inRow = from + h * width
                            let out = destination + (h + dy) * width
                            if kx == 0 {
                                Kernels.add(inRow + 1, into: out, count: width - 1)
                            } else {
                                Kernels.add(inRow, into: out + 1, count: width - 1)
                            }
                        }
                    }
                }
            }
        }
    }
}
