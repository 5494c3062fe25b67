import ChorusSupport
/// The network's fixed first step: maps log-mel dB values from [-80, 0] to
/// [-1, 1] by `(x + 40) / 40`, so the first convolution sees inputs of unit
/// size whatever the features' scale. Fixed constants, no parameters: every
/// network, trainer and predictor applies the same mapping.
final class InputScaling: BufferedLayer {
    let size: Int
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer?
    static let shift: Float = 40
    static let scale: Float = 1 / 40

    init(size: Int, batchCapacity: Int, computesInputGradient: Bool) {
        self.size = size
        outputBuffer = FloatBuffer(count: batchCapacity * size)
        inputGradientBuffer = computesInputGradient ? FloatBuffer(count: batchCapacity * size) : nil
    }


    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let y = output
        for i in 0..<(batch * size) { y[i] = (x[i] + Self.shift) * Self.scale }
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        guard let dx = inputGradient else { return }
        for i in 0..<(batch * size) { dx[i] = dy[i] * Self.scale }
    }
}
