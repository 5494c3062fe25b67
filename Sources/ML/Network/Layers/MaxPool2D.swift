/// 2×2 max-pooling with stride 2 over a channel-major batch; odd sizes floor
/// (the last row or column is dropped, as PyTorch's `MaxPool2d(2)` does).
/// Forward remembers each window's winner so backward routes the gradient to it.
final class MaxPool2D: Layer {
    let input: Shape
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer
    /// For every output value, the offset of its winner within its input plane.
    let winners: IndexBuffer

    init(input: Shape, batchCapacity: Int) {
        self.input = input
        let outputs = batchCapacity * input.channels * (input.height / 2) * (input.width / 2)
        outputBuffer = FloatBuffer(count: outputs)
        inputGradientBuffer = FloatBuffer(count: batchCapacity * input.count)
        winners = IndexBuffer(count: outputs)
    }

    var output: UnsafeMutablePointer<Float> { outputBuffer.pointer }
    var inputGradient: UnsafeMutablePointer<Float>? { inputGradientBuffer.pointer }

    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let (width, plane) = (input.width, input.plane)
        let (outHeight, outWidth) = (input.height / 2, input.width / 2)
        let y = output
        let winners = self.winners.pointer
        Parallel.forEach(input.channels) { channel in
            for p in (channel * batch)..<((channel + 1) * batch) {
                let source = x + p * plane
                let out = y + p * outHeight * outWidth
                let won = winners + p * outHeight * outWidth
                for oh in 0..<outHeight {
                    for ow in 0..<outWidth {
                        let top = 2 * oh * width + 2 * ow
                        var best = top
                        if source[top + 1] > source[best] { best = top + 1 }
                        if source[top + width] > source[best] { best = top + width }
                        if source[top + width + 1] > source[best] { best = top + width + 1 }
                        out[oh * outWidth + ow] = source[best]
                        won[oh * outWidth + ow] = Int32(truncatingIfNeeded: best)
                    }
                }
            }
        }
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let plane = input.plane
        let outPlane = (input.height / 2) * (input.width / 2)
        let dx = inputGradientBuffer.pointer
        let winners = UnsafePointer(self.winners.pointer)
        Parallel.forEach(input.channels) { channel in
            let first = channel * batch
            (dx + first * plane).update(repeating: 0, count: batch * plane)
            for p in first..<(first + batch) {
                let target = dx + p * plane
                for i in 0..<outPlane {
                    target[Int(winners[p * outPlane + i])] = dy[p * outPlane + i]
                }
            }
        }
    }
}
