import ChorusSupport
/// 2×2 max-pooling with stride 2 over a channel-major batch; odd sizes floor
/// (the last row or column is dropped, as PyTorch's `MaxPool2d(2)` does).
/// `rectified` fuses a ReLU in front: since ReLU is monotone, pooling the
/// rectified input equals `max(0, window maximum)`, and the gradient reaches
/// the winner only when that maximum is positive, exactly as ReLU then pool.
/// Backward finds each window's winner again by comparing with the output
/// (the first position holding the maximum, in row-major order), so forward
/// stays a pure, vectorisable max and nothing extra is stored.
final class MaxPool2D: Layer {
    let input: Shape
    let rectified: Bool
    let output: Tensor
    let inputGradient: Tensor?

    init(input: Shape, rectified: Bool, batchCapacity: Int) {
        self.input = input
        self.rectified = rectified
        output = Tensor(shape: Shape(channels: input.channels, height: input.height / 2, width: input.width / 2),
                        batchCapacity: batchCapacity)
        inputGradient = Tensor(shape: input, batchCapacity: batchCapacity)
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: input, batch: batch)
        pool(x, batch: batch, samples: 0..<batch)
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: output.shape, batch: batch)
        check(x, holds: input, batch: batch)
        guard let inputGradient else { return }
        unpool(dy, input: x, batch: batch, into: inputGradient)
    }
}
