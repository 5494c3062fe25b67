extension Evaluator {
    /// The class probabilities of one clip: the mean of its segments' softmax outputs.
    /// Segments an integer factor larger than the network's input are shrunk first (`FeatureSet.resized(for:)`).
    /// - Parameter segments: `n × melBands × frames` values, n ≥ 1 (a clip's log-mel segments).
    /// - Throws: `MLError.featureMismatch` when `segments` is not a whole, non-zero number of
    ///   segments or their size does not fit the network.
    public static func meanProbabilities(_ network: Network, segments: [Float], melBands: Int, frames: Int)
        throws(MLError) -> [Float] {
        let architecture = network.architecture
        guard melBands > 0, frames > 0, !segments.isEmpty, segments.count % (melBands * frames) == 0 else {
            throw MLError.featureMismatch(reason: "\(segments.count) values are not a whole number of \(melBands)×\(frames) segments")
        }
        let count = segments.count / (melBands * frames)
        let names = (0..<architecture.classes).map { "class \($0)" }
        let clip = FeatureSet(labelNames: names, melBands: melBands, frames: frames, values: segments,
                              labels: [Int32](repeating: 0, count: count),
                              clipIndices: [Int32](repeating: 0, count: count), clips: ["clip"])
            .resized(for: architecture)
        let probabilities = try probabilities(network, on: clip, batchSize: min(count, 32))
        return (0..<architecture.classes).map { k in
            (0..<count).reduce(Float(0)) { $0 + probabilities[$1 * architecture.classes + k] } / Float(count)
        }
    }
}
