import ChorusSupport
/// 2×2 max-pooling with stride 2 over a channel-major batch; odd sizes floor
/// (the last row or column is dropped, as PyTorch's `MaxPool2d(2)` does).
/// `rectified` fuses a ReLU in front: since ReLU is monotone, pooling the
/// rectified input equals `max(0, window maximum)`, and the gradient reaches
/// the winner only when that maximum is positive, exactly as ReLU then pool.
/// Forward also stores each window's winner (the first position holding the
/// maximum, in row-major order), so backward writes the input gradient from
/// the output gradient and the winners alone, without reading the input
/// (34 MB at the default CNN's first block) again.
final class MaxPool2D: Layer {
    let input: Shape
    let rectified: Bool
    let output: Tensor
    let inputGradient: Tensor?
    /// Per output value, the position of its window's winner (0 top left, 1 top right, 2 bottom left,
    /// 3 bottom right), plus 4 when `rectified` and the maximum is not positive (no gradient passes);
    /// small integers held as floats.
    let winners: Tensor

    init(input: Shape, rectified: Bool, batchCapacity: Int) {
        self.input = input
        self.rectified = rectified
        output = Tensor(shape: Shape(channels: input.channels, height: input.height / 2, width: input.width / 2),
                        batchCapacity: batchCapacity)
        inputGradient = Tensor(shape: input, batchCapacity: batchCapacity)
        winners = Tensor(shape: output.shape, batchCapacity: batchCapacity)
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: input, batch: batch)
        pool(x, batch: batch, samples: 0..<batch, training: training)
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: output.shape, batch: batch)
        check(x, holds: input, batch: batch)
        guard let inputGradient else { return }
        unpool(dy, batch: batch, into: inputGradient)
    }
}
