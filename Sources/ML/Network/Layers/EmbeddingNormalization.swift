import ChorusSupport

/// The embedding front ends' only layer: each block of an embedding row
/// (musicnn's pooled features, its penultimate layer; after the `skipped`
/// leading values a head does not read) divided by its own root-mean-square, so blocks of very different magnitude (about 7 and 0.7
/// per value) reach the head on one scale. Parameter-free and computed from
/// the row alone, so it costs no privacy and needs no statistics of the data.
///
/// Always the network's first layer (nothing before it has parameters), so
/// no input gradient is computed.
final class EmbeddingNormalization: Layer {
    let skipped: Int
    let blocks: [Int]
    /// Values written per row (the blocks'); the input row has `skipped` more.
    let size: Int
    let output: Tensor
    let inputGradient: Tensor? = nil
    /// Added to the mean square so an all-zero block stays zero.
    static let epsilon: Float = 1e-12

    init(skipped: Int, blocks: [Int], batchCapacity: Int) {
        self.skipped = skipped
        self.blocks = blocks
        size = blocks.reduce(0, +)
        output = Tensor(shape: .vector(size), batchCapacity: batchCapacity)
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: Shape(channels: 1, height: 1, width: skipped + size), batch: batch)
        scaleBlocks(x, batch: batch)
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {}
}
