import ChorusSupport
/// `max(0, x)` elementwise; the gradient passes where the output is positive.
final class ReLU: Layer {
    let shape: Shape
    let output: Tensor
    let inputGradient: Tensor?

    init(shape: Shape, batchCapacity: Int) {
        self.shape = shape
        output = Tensor(shape: shape, batchCapacity: batchCapacity)
        inputGradient = Tensor(shape: shape, batchCapacity: batchCapacity)
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: shape, batch: batch)
        Elementwise.map(x, count: batch * shape.count, into: output) { max($0, 0) }
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: shape, batch: batch)
        check(x, holds: shape, batch: batch)
        guard let inputGradient else { return }
        Elementwise.zip(dy, x, count: batch * shape.count, into: inputGradient) { dy, x in dy * (x > 0 ? 1 : 0) }
    }
}
