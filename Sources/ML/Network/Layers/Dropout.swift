import ChorusSupport
/// Inverted dropout: while training each value is zeroed with probability
/// `rate` and the survivors scaled by `1 / (1 − rate)`, so inference is the
/// identity. The mask comes from the seeded generator passed to `forward`.
final class Dropout: BufferedLayer {
    let size: Int
    let rate: Float
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer?
    /// `0` or `1 / (1 − rate)` per value of the last training batch.
    let mask: FloatBuffer

    init(size: Int, rate: Float, batchCapacity: Int) {
        self.size = size
        self.rate = rate
        outputBuffer = FloatBuffer(count: batchCapacity * size)
        inputGradientBuffer = FloatBuffer(count: batchCapacity * size)
        mask = FloatBuffer(count: batchCapacity * size)
    }


    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let count = batch * size
        let m = mask.pointer
        if training {
            let keep = 1 / (1 - rate)
            for i in 0..<count { m[i] = generator.nextUnitFloat() < rate ? 0 : keep }
        } else {
            m.update(repeating: 1, count: count)
        }
        for i in 0..<count { output[i] = x[i] * m[i] }
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        guard let dx = inputGradient else { return }
        let m = mask.pointer
        for i in 0..<(batch * size) { dx[i] = dy[i] * m[i] }
    }
}
