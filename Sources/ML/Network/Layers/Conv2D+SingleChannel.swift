/// The first layer's fast path: one input channel and no input gradient.
///
/// im2col would write 9 copies of the input for a product with inner
/// dimension 9, which BLAS runs far below its peak. Instead each sample is
/// copied once into a zero-padded `(H+2) × (W+2)` plane and every output row is
/// `bias + Σ w[ky][kx] · padded[h+ky][x+kx]`, a 9-tap loop the compiler
/// vectorises along `x`. The weight gradient is 9 dot products per output row
/// against the same padded rows.
extension Conv2D {
    func forwardDirect(_ x: UnsafePointer<Float>, batch: Int, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let columns = batch * plane
        let paddedPlane = (height + 2) * (width + 2)
        let output = self.output
        let padded = scratch.pointer
        let channels = outputChannels
        Parallel.forEach(batch) { sample in
            let paddedSample = padded + sample * paddedPlane
            self.pad(x + sample * plane, into: paddedSample)
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
            }
        }
    }

    /// Weight gradient from the padded planes `forwardDirect` left in `scratch`.
    func weightGradientDirect(_ dy: UnsafePointer<Float>, batch: Int, into gradients: UnsafeMutablePointer<Float>) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let columns = batch * plane
        let paddedPlane = (height + 2) * (width + 2)
        let padded = UnsafePointer(scratch.pointer)
        Parallel.forEach(outputChannels) { channel in
            var taps = SIMD16<Float>()  // 9 used; a register-sized value, no allocation
            for sample in 0..<batch {
                let paddedSample = padded + sample * paddedPlane
                let gradientPlane = dy + channel * columns + sample * plane
                for h in 0..<height {
                    let g = gradientPlane + h * width
                    for ky in 0..<3 {
                        let row = paddedSample + (h + ky) * (width + 2)
                        for kx in 0..<3 {
                            taps[ky * 3 + kx] += Kernels.dot(g, row + kx, count: width)
                        }
                    }
                }
            }
            for tap in 0..<9 { gradients[channel * 9 + tap] = taps[tap] }
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
