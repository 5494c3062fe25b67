/// The embedding normalisation's loop: a mean square per block, then a scale.
extension EmbeddingNormalization {
    /// Writes the first `batch` rows of `input`, past their `skipped` leading values, each block divided by its RMS, to `output`.
    func scaleBlocks(_ input: Tensor, batch: Int) {
        input.withUnsafeValues { x in
            output.withUnsafeValues { y in
                for sample in 0..<batch {
                    var start = sample * (skipped + size) + skipped
                    var out = sample * size
                    for block in blocks {
                        var squares: Float = 0
                        for i in start..<(start + block) { squares += x[i] * x[i] }
                        let scale = 1 / (squares / Float(block) + Self.epsilon).squareRoot()
                        for i in 0..<block { y[out + i] = x[start + i] * scale }
                        start += block
                        out += block
                    }
                }
            }
        }
    }
}
