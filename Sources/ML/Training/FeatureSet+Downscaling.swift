extension FeatureSet {
    /// The segments shrunk by averaging `factor × factor` blocks (an area
    /// resize of the log-mel image; trailing rows or columns that do not fill
    /// a block are dropped). Factor 2 turns 128×130 into 64×65, the "25%
    /// scaling" of the reference paper: a quarter of the values per segment.
    /// Labels and clips are unchanged.
    /// - Precondition: `factor ≥ 1` and at least one block fits.
    public func downscaled(by factor: Int) -> FeatureSet {
        precondition(factor >= 1 && melBands >= factor && frames >= factor, "downscaling factor out of range")
        let (height, width) = (melBands / factor, frames / factor)
        let weight = 1 / Float(factor * factor)
        var scaled = [Float](repeating: 0, count: count * height * width)
        for segment in 0..<count {
            let source = segment * segmentSize
            let target = segment * height * width
            for row in 0..<height {
                for column in 0..<width {
                    var total: Float = 0
                    for dy in 0..<factor {
                        for dx in 0..<factor {
                            total += values[source + (row * factor + dy) * frames + column * factor + dx]
                        }
                    }
                    scaled[target + row * width + column] = total * weight
                }
            }
        }
        return FeatureSet(labelNames: labelNames, melBands: height, frames: width, values: scaled,
                          labels: labels, clipIndices: clipIndices, clips: clips, parameters: parameters)
    }
}

extension FeatureSet {
    /// These features at the input size `architecture` takes: unchanged, or
    /// shrunk by the integer factor that maps them onto it (e.g. 128×130 →
    /// 64×65 for the 25%-scaled network, → 32×32 for `Architecture.tiny`).
    /// Other sizes are returned unchanged, for `Trainer` and `Evaluator` to
    /// reject with a clear error.
    public func resized(for architecture: Architecture) -> FeatureSet {
        guard architecture.inputHeight >= 1, architecture.inputHeight < melBands else { return self }
        let factor = melBands / architecture.inputHeight
        let fits = melBands / factor == architecture.inputHeight && frames / factor == architecture.inputWidth
        return factor >= 2 && fits ? downscaled(by: factor) : self
    }
}
