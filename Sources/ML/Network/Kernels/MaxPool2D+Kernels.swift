/// Max-pooling's loops: forward takes row-pair maxima (contiguous,
/// vectorised) and then column pairs; backward routes each window's gradient
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
                    // Row pairs first (contiguous, vectorised), then column pairs from the small row buffer.
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * outWidth) { rows in
                        guard let pairMax = rows.baseAddress else { return }
                        for p in (channel * batch)..<((channel + 1) * batch) {
                            for oh in 0..<outHeight {
                                let top = x + p * plane + 2 * oh * width
                                let bottom = top + width
                                for i in 0..<(2 * outWidth) { pairMax[i] = max(top[i], bottom[i]) }
                                let out = y + (p * outHeight + oh) * outWidth
                                for ow in 0..<outWidth { out[ow] = max(max(pairMax[2 * ow], pairMax[2 * ow + 1]), floor) }
                            }
                        }
                    }
                }
            }
        }
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
