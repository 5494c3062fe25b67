import ChorusSupport
/// One layer of the CNN with its forward and backward pass over a batch.
///
/// Activations follow `Shape`'s layout (channel-major `C × N × H × W` for
/// convolutional layers, `N × features` for dense ones). A layer owns its
/// output and its input-gradient tensors, sized once for the workspace's
/// batch capacity; `parameters` and `gradients` are the layer's own slice
/// of the network's flat vectors. `backward` overwrites (never accumulates)
/// the layer's parameter gradients and must follow the `forward` of the same
/// batch, whose input it is given again. Layers check the shapes they are
/// given and leave the arithmetic to kernels, which alone touch memory.
package protocol Layer: AnyObject {
    /// Output of the last `forward`, the first `batch` samples valid.
    var output: Tensor { get }
    /// Gradient with respect to the input, written by `backward`; nil for a
    /// layer built without it (the first layer: nothing consumes it).
    var inputGradient: Tensor? { get }

    func forward(_ input: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator)

    func backward(_ outputGradient: Tensor, input: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice)
}

extension Layer {
    /// Traps unless `tensor` holds `batch` samples of `shape` and the layer has room for them (a wiring bug, never bad input).
    func check(_ tensor: Tensor, holds shape: Shape, batch: Int) {
        precondition(tensor.shape == shape, "tensor of shape \(tensor.shape) given where \(shape) is expected")
        precondition(batch >= 1 && batch <= min(tensor.batchCapacity, output.batchCapacity),
                     "batch \(batch) outside the capacity \(min(tensor.batchCapacity, output.batchCapacity))")
    }

    /// Traps unless `slice` has `count` values.
    func check(_ slice: TensorSlice, count: Int) {
        precondition(slice.count == count, "\(slice.count) parameters given where \(count) are expected")
    }
}
