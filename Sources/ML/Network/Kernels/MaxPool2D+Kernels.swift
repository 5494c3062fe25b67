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
                let (t0, t1) = (Self.load(top + left), Self.load(top + left + 4))
                let (b0, b1) = (Self.load(bottom + left), Self.load(bottom + left + 4))
                let first = Self.larger(t0, b0), second = Self.larger(t1, b1)
                let pooled = Self.larger(Self.larger(Self.evens(first, second), Self.odds(first, second)), SIMD4(repeating: floor))
                Self.store(pooled, at: y + row + ow)
                if let w {
                    let winner = SIMD4<Float>(repeating: 3).replacing(with: 2, where: Self.evens(b0, b1) .== pooled)
                        .replacing(with: 1, where: Self.odds(t0, t1) .== pooled)
                        .replacing(with: 0, where: Self.evens(t0, t1) .== pooled)
                    Self.store(winner + SIMD4<Float>().replacing(with: blocked, where: pooled .<= 0), at: w + row + ow)
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
                                    let winner = Self.load(w + row + ow)
                                    // A blocked window (rectified, maximum not positive) passes no gradient.
                                    let g = Self.load(dy + row + ow).replacing(with: 0, where: winner .>= 4)
                                    Self.interleave(g * Self.flag(winner .== 0), g * Self.flag(winner .== 1), into: gradientTop + 2 * ow)
                                    Self.interleave(g * Self.flag(winner .== 2), g * Self.flag(winner .== 3), into: gradientBottom + 2 * ow)
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

    /// `Swift.max(a, b)` in every lane: `b >= a ? b : a`.
    @inline(__always)
    private static func larger(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
        a.replacing(with: b, where: b .>= a)
    }

    /// Lanes 0, 2 of `a` then 0, 2 of `b`: the left columns of four windows.
    @inline(__always)
    private static func evens(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> { SIMD4(a[0], a[2], b[0], b[2]) }

    /// Lanes 1, 3 of `a` then 1, 3 of `b`: the right columns of four windows.
    @inline(__always)
    private static func odds(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> { SIMD4(a[1], a[3], b[1], b[3]) }

    /// 1 where `mask` is set, 0 elsewhere.
    @inline(__always)
    private static func flag(_ mask: SIMDMask<SIMD4<Int32>>) -> SIMD4<Float> {
        SIMD4<Float>().replacing(with: 1, where: mask)
    }

    /// Writes `left[0], right[0], …, left[3], right[3]` to eight consecutive floats.
    @inline(__always)
    private static func interleave(_ left: SIMD4<Float>, _ right: SIMD4<Float>, into p: UnsafeMutablePointer<Float>) {
        store(SIMD4(left[0], right[0], left[1], right[1]), at: p)
        store(SIMD4(left[2], right[2], left[3], right[3]), at: p + 4)
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always)
    private static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD4<Float> { load(UnsafePointer(p)) }

    @inline(__always)
    private static func store(_ value: SIMD4<Float>, at p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD4<Float>.self)
    }
}
