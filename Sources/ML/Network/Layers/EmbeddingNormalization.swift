import ChorusSupport

/// The `.embedding` front end's only layer: each block of an embedding row
/// (musicnn's pooled features, its penultimate layer) divided by its own
/// root-mean-square, so blocks of very different magnitude (about 7 and 0.7
/// per value) reach the head on one scale. Parameter-free and computed from
/// the row alone, so it costs no privacy and needs no statistics of the data.
///
/// Always the network's first layer (nothing before it has parameters), so
/// no input gradient is computed.
final class EmbeddingNormalization: BufferedLayer {
    let blocks: [Int]
    let size: Int
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer? = nil
    /// Added to the mean square so an all-zero block stays zero.
    static let epsilon: Float = 1e-12

    init(blocks: [Int], batchCapacity: Int) {
        self.blocks = blocks
        size = blocks.reduce(0, +)
        outputBuffer = FloatBuffer(count: batchCapacity * size)
    }

    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let y = output
        for sample in 0..<batch {
            var start = sample * size
            for block in blocks {
                var squares: Float = 0
                for i in start..<(start + block) { squares += x[i] * x[i] }
                let scale = 1 / (squares / Float(block) + Self.epsilon).squareRoot()
                for i in start..<(start + block) { y[i] = x[i] * scale }
                start += block
            }
        }
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {}
}
