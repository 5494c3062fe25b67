/// The first layer's fast path: one input channel and no input gradient.
///
/// im2col would write 9 copies of the input for a product with inner
/// dimension 9, which BLAS runs far below its peak. Instead each sample is
/// copied once into a zero-padded `(H+2) × (W+2)` plane and every output row is
/// `bias + Σ w[ky][kx] · padded[h+ky][x+kx]`, a 9-tap loop the compiler
/// vectorises along `x`. The weight gradient is 9 dot products per output row
/// against the same padded rows.
extension Conv2D {
    func forwardDirect(_ input: Tensor, batch: Int, weights: TensorSlice, bias: TensorSlice, training: Bool) {
        input.withUnsafeValues { x in
            weights.withUnsafeValues { w in
                bias.withUnsafeValues { b in
                    output.withUnsafeValues { y in
                        scratch.withUnsafeValues { padded in
                            guard let pool = followingPool else {
                                forwardDirect(x, batch: batch, weights: w, bias: b, output: y, padded: padded) { _, _ in }
                                return
                            }
                            pool.withPlanes(batch: batch, training: training) { poolPlane in
                                forwardDirect(x, batch: batch, weights: w, bias: b, output: y, padded: padded, pooled: poolPlane)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Each sample's planes, each handed to `pooled` (the following pool's, if any) as soon as it is written.
    private func forwardDirect(_ x: UnsafeMutablePointer<Float>, batch: Int, weights: UnsafeMutablePointer<Float>,
                               bias: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>,
                               padded: UnsafeMutablePointer<Float>,
                               pooled: (UnsafePointer<Float>, Int) -> Void) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let columns = batch * plane
        let paddedPlane = (height + 2) * (width + 2)
        let channels = outputChannels
        Parallel.forEach(batch) { sample in
            let paddedSample = padded + sample * paddedPlane
            self.pad(UnsafePointer(x + sample * plane), into: paddedSample)
            for channel in 0..<channels {
                let w = weights + channel * 9
                let (w0, w1, w2, w3, w4, w5, w6, w7, w8) = (w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8])
                let b = bias[channel]
                let outPlane = output + channel * columns + sample * plane
                for h in 0..<height {
                    let r0 = UnsafePointer(paddedSample + h * (width + 2))
                    let r1 = r0 + (width + 2)
                    let r2 = r1 + (width + 2)
                    let out = outPlane + h * width
                    for i in 0..<width {
                        var v = b + w0 * r0[i] + w1 * r0[i + 1] + w2 * r0[i + 2]
                        v += w3 * r1[i] + w4 * r1[i + 1] + w5 * r1[i + 2]
                        v += w6 * r2[i] + w7 * r2[i + 1] + w8 * r2[i + 2]
                        out[i] = v
                    }
                }
                pooled(UnsafePointer(output), channel * batch + sample)
            }
        }
    }

    /// Weight gradient from the padded planes `forwardDirect` left in `scratch`:
    /// tap `(ky, kx)` of channel `c` is `Σ dY[c, n, h, x] · padded[n, h+ky, x+kx]`,
    /// accumulated in nine 8-lane registers across all rows and samples.
    func weightGradientDirect(_ outputGradient: Tensor, batch: Int, into gradients: TensorSlice) {
        outputGradient.withUnsafeValues { dy in
            scratch.withUnsafeValues { padded in
                gradients.withUnsafeValues { g in
                    weightGradientDirect(UnsafePointer(dy), batch: batch, padded: UnsafePointer(padded), into: g)
                }
            }
        }
    }

    private func weightGradientDirect(_ dy: UnsafePointer<Float>, batch: Int, padded: UnsafePointer<Float>,
                                      into gradients: UnsafeMutablePointer<Float>) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let columns = batch * plane
        let stride = width + 2
        let paddedPlane = (height + 2) * stride
        let vectorWidth = width - width % 8
        Parallel.forEach(outputChannels) { channel in
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>()
            var a3 = SIMD8<Float>(), a4 = SIMD8<Float>(), a5 = SIMD8<Float>()
            var a6 = SIMD8<Float>(), a7 = SIMD8<Float>(), a8 = SIMD8<Float>()
            var tail = SIMD16<Float>()  // 9 used: the columns past the last multiple of 8
            for sample in 0..<batch {
                let paddedSample = padded + sample * paddedPlane
                let gradientPlane = dy + channel * columns + sample * plane
                for h in 0..<height {
                    let g = gradientPlane + h * width
                    let r0 = paddedSample + h * stride, r1 = r0 + stride, r2 = r1 + stride
                    var i = 0
                    while i < vectorWidth {
                        let gv = Kernels.load(g + i)
                        a0 += gv * Kernels.load(r0 + i); a1 += gv * Kernels.load(r0 + i + 1)
                        a2 += gv * Kernels.load(r0 + i + 2); a3 += gv * Kernels.load(r1 + i)
                        a4 += gv * Kernels.load(r1 + i + 1); a5 += gv * Kernels.load(r1 + i + 2)
                        a6 += gv * Kernels.load(r2 + i); a7 += gv * Kernels.load(r2 + i + 1)
                        a8 += gv * Kernels.load(r2 + i + 2)
                        i += 8
                    }
                    while i < width {
                        for ky in 0..<3 {
                            for kx in 0..<3 { tail[ky * 3 + kx] += g[i] * paddedSample[(h + ky) * stride + i + kx] }
                        }
                        i += 1
                    }
                }
            }
            // Written out, not through an array of the nine sums: the step allocates nothing.
            let g = gradients + channel * 9
            g[0] = a0.sum() + tail[0]; g[1] = a1.sum() + tail[1]; g[2] = a2.sum() + tail[2]
            g[3] = a3.sum() + tail[3]; g[4] = a4.sum() + tail[4]; g[5] = a5.sum() + tail[5]
            g[6] = a6.sum() + tail[6]; g[7] = a7.sum() + tail[7]; g[8] = a8.sum() + tail[8]
        }
    }

    /// Copies one `H × W` plane into the middle of a zeroed `(H+2) × (W+2)` plane.
    private func pad(_ plane: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>) {
        let (height, width) = (input.height, input.width)
        padded.update(repeating: 0, count: width + 2)
        for h in 0..<height {
            let row = padded + (h + 1) * (width + 2)
            row[0] = 0
            (row + 1).update(from: plane + h * width, count: width)
            row[width + 1] = 0
        }
        (padded + (height + 1) * (width + 2)).update(repeating: 0, count: width + 2)
    }
}
