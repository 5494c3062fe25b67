import ChorusSupport
/// Turns a channel-major `C × N × H × W` batch into `N × (C·H·W)` rows, each
/// sample's features in PyTorch's `flatten` order (channel, then row, then column).
final class Flatten: Layer {
    let input: Shape
    let output: Tensor
    let inputGradient: Tensor?

    init(input: Shape, batchCapacity: Int) {
        self.input = input
        output = Tensor(shape: .vector(input.count), batchCapacity: batchCapacity)
        inputGradient = Tensor(shape: input, batchCapacity: batchCapacity)
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: input, batch: batch)
        Elementwise.swapLeadingAxes(x, outer: input.channels, inner: batch, block: input.plane, into: output)
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: output.shape, batch: batch)
        guard let inputGradient else { return }
        Elementwise.swapLeadingAxes(dy, outer: batch, inner: input.channels, block: input.plane, into: inputGradient)
    }
}
