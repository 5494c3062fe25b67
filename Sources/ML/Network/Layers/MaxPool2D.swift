import ChorusSupport
/// 2×2 max-pooling with stride 2 over a channel-major batch; odd sizes floor
/// (the last row or column is dropped, as PyTorch's `MaxPool2d(2)` does).
/// `rectified` fuses a ReLU in front: since ReLU is monotone, pooling the
/// rectified input equals `max(0, window maximum)`, and the gradient reaches
/// the winner only when that maximum is positive, exactly as ReLU then pool.
/// Backward finds each window's winner again by comparing with the output
/// (the first position holding the maximum, in row-major order), so forward
/// stays a pure, vectorisable max and nothing extra is stored.
final class MaxPool2D: BufferedLayer {
    let input: Shape
    let rectified: Bool
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer?

    init(input: Shape, rectified: Bool, batchCapacity: Int) {
        self.input = input
        self.rectified = rectified
        outputBuffer = FloatBuffer(count: batchCapacity * input.channels * (input.height / 2) * (input.width / 2))
        inputGradientBuffer = FloatBuffer(count: batchCapacity * input.count)
    }


    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let (width, plane) = (input.width, input.plane)
        let (outHeight, outWidth) = (input.height / 2, input.width / 2)
        let y = output
        let floor: Float = rectified ? 0 : -.infinity
        Parallel.forEach(input.channels) { channel in
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

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let (outHeight, outWidth) = (height / 2, width / 2)
        guard let dx = inputGradient else { return }
        let y = UnsafePointer(output)
        let rectified = self.rectified
        Parallel.forEach(input.channels) { channel in
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
