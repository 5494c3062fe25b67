import ChorusSupport
/// `max(0, x)` elementwise; the gradient passes where the output is positive.
final class ReLU: BufferedLayer {
    let size: Int
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer?

    /// - Parameter size: values per sample.
    init(size: Int, batchCapacity: Int) {
        self.size = size
        outputBuffer = FloatBuffer(count: batchCapacity * size)
        inputGradientBuffer = FloatBuffer(count: batchCapacity * size)
    }


    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let y = output
        for i in 0..<(batch * size) { y[i] = max(x[i], 0) }
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        guard let dx = inputGradient else { return }
        for i in 0..<(batch * size) { dx[i] = dy[i] * (x[i] > 0 ? 1 : 0) }
    }
}
