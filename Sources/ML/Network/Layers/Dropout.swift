import ChorusSupport
/// Inverted dropout: while training each value is zeroed with probability
/// `rate` and the survivors scaled by `1 / (1 − rate)`, so inference is the
/// identity. The mask comes from the seeded generator passed to `forward`.
final class Dropout: Layer {
    let shape: Shape
    let rate: Float
    let output: Tensor
    let inputGradient: Tensor?
    /// `0` or `1 / (1 − rate)` per value of the last training batch.
    let mask: Tensor

    init(shape: Shape, rate: Float, batchCapacity: Int) {
        self.shape = shape
        self.rate = rate
        output = Tensor(shape: shape, batchCapacity: batchCapacity)
        inputGradient = Tensor(shape: shape, batchCapacity: batchCapacity)
        mask = Tensor(shape: shape, batchCapacity: batchCapacity)
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: shape, batch: batch)
        let count = batch * shape.count
        if training {
            let (rate, keep) = (self.rate, 1 / (1 - rate))
            Elementwise.generate(count: count, into: mask) { generator.nextUnitFloat() < rate ? 0 : keep }
        } else {
            Elementwise.generate(count: count, into: mask) { 1 }
        }
        Elementwise.zip(x, mask, count: count, into: output, *)
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: shape, batch: batch)
        guard let inputGradient else { return }
        Elementwise.zip(dy, mask, count: batch * shape.count, into: inputGradient, *)
    }
}
