import ChorusSupport
/// The network's fixed first step: maps log-mel dB values from [-80, 0] to
/// [-1, 1] by `(x + 40) / 40`, so the first convolution sees inputs of unit
/// size whatever the features' scale. Fixed constants, no parameters: every
/// network, trainer and predictor applies the same mapping.
final class InputScaling: Layer {
    let shape: Shape
    let output: Tensor
    let inputGradient: Tensor?
    static let shift: Float = 40
    static let scale: Float = 1 / 40

    init(shape: Shape, batchCapacity: Int, computesInputGradient: Bool) {
        self.shape = shape
        output = Tensor(shape: shape, batchCapacity: batchCapacity)
        inputGradient = computesInputGradient ? Tensor(shape: shape, batchCapacity: batchCapacity) : nil
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: shape, batch: batch)
        Elementwise.map(x, count: batch * shape.count, into: output) { ($0 + Self.shift) * Self.scale }
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: shape, batch: batch)
        guard let inputGradient else { return }
        Elementwise.map(dy, count: batch * shape.count, into: inputGradient) { $0 * Self.scale }
    }
}
