/// Max-pooling's loops, four windows (eight input columns of a row pair) at a
/// time in 4-lane vectors: the row pair's maxima, then the even and odd
/// columns split apart by shuffles, compared lane-wise. Forward also records
/// each window's winner, the first of its four positions (row-major) equal to
/// the pooled value, as a lane select; backward routes each window's gradient
/// there with the winner's 0/1 flags and interleaves the four positions'
/// gradients back. Every lane computes exactly what the scalar tail computes
/// for its window (`Swift.max`'s `y >= x ? y : x`, the same products), so the
/// width of a row changes no bit of the result.
extension MaxPool2D {
    /// Pools `samples` of a batch of `batch` in `input` into `output`, channels spread over the cores;
    /// `training` also stores the winners backward needs.
    func pool(_ input: Tensor, batch: Int, samples: Range<Int>, training: Bool) {
        precondition(samples.lowerBound >= 0 && samples.upperBound <= batch && batch * self.input.count <= input.count,
                     "pooled samples outside their tensors")
        input.withUnsafeValues { x in
            withPlanes(batch: batch, training: training) { poolPlane in
                Parallel.forEach(self.input.channels) { channel in
                    for sample in samples { poolPlane(UnsafePointer(x), channel * batch + sample) }
                }
            }
        }
    }

    /// Opens the output and the winners for `body`, which may pool any plane `p` (channel-major:
    /// channel · batch + sample) of an input opened by the caller through the function it is given;
    /// `training` also stores the winners.
    func withPlanes(batch: Int, training: Bool, _ body: ((UnsafePointer<Float>, Int) -> Void) -> Void) {
        precondition(batch * output.shape.count <= min(output.count, winners.count), "batch outside the pool's output")
        output.withUnsafeValues { y in
            winners.withUnsafeValues { w in
                body { x, p in
                    precondition(p >= 0 && p < batch * self.input.channels, "plane outside the batch")
                    self.pool(x, into: y, winners: training ? w : nil, plane: p)
                }
            }
        }
    }

    /// Pools plane `p` of the input at `x` into the output at `y` and, if given, its winners at `w`.
    private func pool(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, winners w: UnsafeMutablePointer<Float>?,
                      plane p: Int) {
        let (width, plane) = (input.width, input.plane)
        let (outHeight, outWidth) = (input.height / 2, input.width / 2)
        let floor: Float = rectified ? 0 : -.infinity
        let blocked: Float = rectified ? 4 : 0
        let vectorWidth = outWidth - outWidth % 4
        for oh in 0..<outHeight {
            let top = x + p * plane + 2 * oh * width, bottom = top + width
            let row = (p * outHeight + oh) * outWidth
            var ow = 0
            while ow < vectorWidth {
                let left = 2 * ow
                let (t0, t1) = (Kernels.load4(top + left), Kernels.load4(top + left + 4))
                let (b0, b1) = (Kernels.load4(bottom + left), Kernels.load4(bottom + left + 4))
                let first = Kernels.larger(t0, b0), second = Kernels.larger(t1, b1)
                let pooled = Kernels.larger(Kernels.larger(Kernels.evens(first, second), Kernels.odds(first, second)), SIMD4(repeating: floor))
                Kernels.store(pooled, at: y + row + ow)
                if let w {
                    let winner = SIMD4<Float>(repeating: 3).replacing(with: 2, where: Kernels.evens(b0, b1) .== pooled)
                        .replacing(with: 1, where: Kernels.odds(t0, t1) .== pooled)
                        .replacing(with: 0, where: Kernels.evens(t0, t1) .== pooled)
                    Kernels.store(winner + SIMD4<Float>().replacing(with: blocked, where: pooled .<= 0), at: w + row + ow)
                }
                ow += 4
            }
            while ow < outWidth {
                let left = 2 * ow
                let pooled = max(max(max(top[left], bottom[left]), max(top[left + 1], bottom[left + 1])), floor)
                y[row + ow] = pooled
                if let w {
                    let winner: Float = top[left] == pooled ? 0 : top[left + 1] == pooled ? 1 : bottom[left] == pooled ? 2 : 3
                    w[row + ow] = winner + (pooled <= 0 ? blocked : 0)
                }
                ow += 1
            }
        }
    }

    /// Writes the input gradient of the last `pool` for output gradient `outputGradient`.
    func unpool(_ outputGradient: Tensor, batch: Int, into inputGradient: Tensor) {
        let (height, width, plane) = (self.input.height, self.input.width, self.input.plane)
        let (outHeight, outWidth) = (height / 2, width / 2)
        let vectorWidth = outWidth - outWidth % 4
        precondition(batch * output.shape.count <= min(outputGradient.count, winners.count) && batch * plane * input.channels <= inputGradient.count,
                     "batch outside the pool's tensors")
        outputGradient.withUnsafeValues { dy in
            winners.withUnsafeValues { w in
                inputGradient.withUnsafeValues { dx in
                    Parallel.forEach(self.input.channels) { channel in
                        for p in (channel * batch)..<((channel + 1) * batch) {
                            for oh in 0..<outHeight {
                                let gradientTop = dx + p * plane + 2 * oh * width, gradientBottom = gradientTop + width
                                let row = (p * outHeight + oh) * outWidth
                                var ow = 0
                                while ow < vectorWidth {
                                    let winner = Kernels.load4(w + row + ow)
                                    // A blocked window (rectified, maximum not positive) passes no gradient.
                                    let g = Kernels.load4(dy + row + ow).replacing(with: 0, where: winner .>= 4)
                                    Kernels.interleave(g * Self.flag(winner .== 0), g * Self.flag(winner .== 1), into: gradientTop + 2 * ow)
                                    Kernels.interleave(g * Self.flag(winner .== 2), g * Self.flag(winner .== 3), into: gradientBottom + 2 * ow)
                                    ow += 4
                                }
                                while ow < outWidth {
                                    let winner = w[row + ow], left = 2 * ow
                                    let g = winner >= 4 ? 0 : dy[row + ow]
                                    gradientTop[left] = g * (winner == 0 ? 1 : 0)
                                    gradientTop[left + 1] = g * (winner == 1 ? 1 : 0)
                                    gradientBottom[left] = g * (winner == 2 ? 1 : 0)
                                    gradientBottom[left + 1] = g * (winner == 3 ? 1 : 0)
                                    ow += 1
                                }
                                if width % 2 == 1 {
                                    gradientTop[width - 1] = 0
                                    gradientBottom[width - 1] = 0
                                }
                            }
                            if height % 2 == 1 { (dx + p * plane + (height - 1) * width).update(repeating: 0, count: width) }
                        }
                    }
                }
            }
        }
    }

    /// 1 where `mask` is set, 0 elsewhere.
    @inline(__always)
    private static func flag(_ mask: SIMDMask<SIMD4<Int32>>) -> SIMD4<Float> {
        SIMD4<Float>().replacing(with: 1, where: mask)
    }
}
