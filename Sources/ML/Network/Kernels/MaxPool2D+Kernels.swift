/// Max-pooling's loops: forward takes eight windows at a time (row-pair
/// maxima, then even against odd lanes); backward routes each window's gradient
/// to the first position holding its maximum with branch-free flags.
extension MaxPool2D {
    /// Pools the first `batch` samples of `input` into `output`.
    func pool(_ input: Tensor, batch: Int) {
        let (width, plane) = (self.input.width, self.input.plane)
        let (outHeight, outWidth) = (self.input.height / 2, self.input.width / 2)
        let floor: Float = rectified ? 0 : -.infinity
        input.withUnsafeValues { x in
            output.withUnsafeValues { y in
                Parallel.forEach(self.input.channels) { channel in
                    for p in (channel * batch)..<((channel + 1) * batch) {
                        for oh in 0..<outHeight {
                            let top = UnsafePointer(x + p * plane + 2 * oh * width)
                            let bottom = top + width
                            let out = y + (p * outHeight + oh) * outWidth
                            // Eight windows at a time: the row pair's maxima, then even against odd lanes.
                            var ow = 0
                            while ow + 8 <= outWidth {
                                let pairs = Self.larger(Self.load16(top + 2 * ow), Self.load16(bottom + 2 * ow))
                                let windows = Self.larger(Self.larger(pairs.evenHalf, pairs.oddHalf), SIMD8(repeating: floor))
                                UnsafeMutableRawPointer(out + ow).storeBytes(of: windows, as: SIMD8<Float>.self)
                                ow += 8
                            }
                            while ow < outWidth {
                                let left = max(top[2 * ow], bottom[2 * ow]), right = max(top[2 * ow + 1], bottom[2 * ow + 1])
                                out[ow] = max(max(left, right), floor)
                                ow += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Sixteen consecutive floats from any (unaligned) address.
    @inline(__always)
    private static func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// Lane-wise `max(a, b)` with `Swift.max`'s choice on ties (`b` when `b >= a`).
    @inline(__always)
    private static func larger<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FloatingPoint {
        a.replacing(with: b, where: b .>= a)
    }

    /// Writes the input gradient of the last `pool` of `input` for output gradient `outputGradient`.
    func unpool(_ outputGradient: Tensor, input: Tensor, batch: Int, into inputGradient: Tensor) {
        let (height, width, plane) = (self.input.height, self.input.width, self.input.plane)
        let (outHeight, outWidth) = (height / 2, width / 2)
        let rectified = self.rectified
        outputGradient.withUnsafeValues { dy in
            input.withUnsafeValues { x in
                output.withUnsafeValues { y in
                    inputGradient.withUnsafeValues { dx in
                        Parallel.forEach(self.input.channels) { channel in
                            for p in (channel * batch)..<((channel + 1) * batch) {
                                for oh in 0..<outHeight {
                                    let top = x + p * plane + 2 * oh * width
                                    let bottom = top + width
                                    let gradientTop = dx + p * plane + 2 * oh * width
                                    let gradientBottom = gradientTop + width
                                    let row = (p * outHeight + oh) * outWidth
                                    // Branch-free: exactly one of the four flags is 1, the first position equal to the max.
                                    for ow in 0..<outWidth {
                                        let winner = y[row + ow], left = 2 * ow
                                        // Rectified: a window whose maximum is not positive passes no gradient.
                                        let g = rectified && winner <= 0 ? 0 : dy[row + ow]
                                        let e0: Float = top[left] == winner ? 1 : 0
                                        let e1: Float = (1 - e0) * (top[left + 1] == winner ? 1 : 0)
                                        let e2: Float = (1 - e0 - e1) * (bottom[left] == winner ? 1 : 0)
                                        gradientTop[left] = g * e0
                                        gradientTop[left + 1] = g * e1
                                        gradientBottom[left] = g * e2
                                        gradientBottom[left + 1] = g * (1 - e0 - e1 - e2)
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
}
