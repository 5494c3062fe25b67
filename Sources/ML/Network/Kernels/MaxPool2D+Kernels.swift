/// Max-pooling's loops, four windows (eight input columns of a row pair) at a
/// time in 4-lane vectors: the row pair's maxima, then the even and odd
/// columns split apart by shuffles, compared lane-wise. Backward routes each
/// window's gradient to the first position holding its maximum with the same
/// 0/1 flags, computed as lane masks, and interleaves the four positions' gradients back.
/// Every lane computes exactly what the scalar tail computes for its window
/// (`Swift.max`'s `y >= x ? y : x`, the same products), so the width of a row
/// changes no bit of the result.
extension MaxPool2D {
    /// Pools `samples` of a batch of `batch` in `input` into `output`, channels spread over the cores.
    func pool(_ input: Tensor, batch: Int, samples: Range<Int>) {
        precondition(samples.lowerBound >= 0 && samples.upperBound <= batch
                     && batch * self.input.count <= input.count && batch * output.shape.count <= output.count,
                     "pooled samples outside their tensors")
        input.withUnsafeValues { x in
            output.withUnsafeValues { y in
                Parallel.forEach(self.input.channels) { channel in
                    for sample in samples { pool(UnsafePointer(x), into: y, plane: channel * batch + sample) }
                }
            }
        }
    }

    /// Pools plane `p` (channel-major: channel · batch + sample) of the input at `x` into the output at `y`;
    /// the caller opened both tensors and checked that the plane lies within them.
    func pool(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, plane p: Int) {
        let (width, plane) = (input.width, input.plane)
        let (outHeight, outWidth) = (input.height / 2, input.width / 2)
        let floor: Float = rectified ? 0 : -.infinity
        let vectorWidth = outWidth - outWidth % 4
        for oh in 0..<outHeight {
            let top = x + p * plane + 2 * oh * width, bottom = top + width
            let out = y + (p * outHeight + oh) * outWidth
            var ow = 0
            while ow < vectorWidth {
                let left = 2 * ow
                let first = Self.larger(Self.load(top + left), Self.load(bottom + left))
                let second = Self.larger(Self.load(top + left + 4), Self.load(bottom + left + 4))
                let window = Self.larger(Self.evens(first, second), Self.odds(first, second))
                Self.store(Self.larger(window, SIMD4(repeating: floor)), at: out + ow)
                ow += 4
            }
            while ow < outWidth {
                let left = 2 * ow
                out[ow] = max(max(max(top[left], bottom[left]), max(top[left + 1], bottom[left + 1])), floor)
                ow += 1
            }
        }
    }

    /// Writes the input gradient of the last `pool` of `input` for output gradient `outputGradient`.
    func unpool(_ outputGradient: Tensor, input: Tensor, batch: Int, into inputGradient: Tensor) {
        let (height, width, plane) = (self.input.height, self.input.width, self.input.plane)
        let (outHeight, outWidth) = (height / 2, width / 2)
        let vectorWidth = outWidth - outWidth % 4
        let rectified = self.rectified
        outputGradient.withUnsafeValues { dy in
            input.withUnsafeValues { x in
                output.withUnsafeValues { y in
                    inputGradient.withUnsafeValues { dx in
                        Parallel.forEach(self.input.channels) { channel in
                            for p in (channel * batch)..<((channel + 1) * batch) {
                                for oh in 0..<outHeight {
                                    let top = UnsafePointer(x + p * plane + 2 * oh * width), bottom = top + width
                                    let gradientTop = dx + p * plane + 2 * oh * width, gradientBottom = gradientTop + width
                                    let row = (p * outHeight + oh) * outWidth
                                    var ow = 0
                                    while ow < vectorWidth {
                                        let left = 2 * ow
                                        let (t0, t1) = (Self.load(top + left), Self.load(top + left + 4))
                                        let (b0, b1) = (Self.load(bottom + left), Self.load(bottom + left + 4))
                                        let winner = Self.load(y + row + ow), incoming = Self.load(dy + row + ow)
                                        // Rectified: a window whose maximum is not positive passes no gradient.
                                        let g = rectified ? incoming.replacing(with: 0, where: winner .<= 0) : incoming
                                        let one = SIMD4<Float>(repeating: 1)
                                        let e0 = Self.flag(Self.evens(t0, t1) .== winner)
                                        let e1 = (one - e0) * Self.flag(Self.odds(t0, t1) .== winner)
                                        let e2 = (one - e0 - e1) * Self.flag(Self.evens(b0, b1) .== winner)
                                        let e3 = one - e0 - e1 - e2
                                        Self.interleave(g * e0, g * e1, into: gradientTop + left)
                                        Self.interleave(g * e2, g * e3, into: gradientBottom + left)
                                        ow += 4
                                    }
                                    // Branch-free: exactly one of the four flags is 1, the first position equal to the max.
                                    while ow < outWidth {
                                        let winner = y[row + ow], left = 2 * ow
                                        let g = rectified && winner <= 0 ? 0 : dy[row + ow]
                                        let e0: Float = top[left] == winner ? 1 : 0
                                        let e1: Float = (1 - e0) * (top[left + 1] == winner ? 1 : 0)
                                        let e2: Float = (1 - e0 - e1) * (bottom[left] == winner ? 1 : 0)
                                        gradientTop[left] = g * e0
                                        gradientTop[left + 1] = g * e1
                                        gradientBottom[left] = g * e2
                                        gradientBottom[left + 1] = g * (1 - e0 - e1 - e2)
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
