extension Evaluator {
    /// The class probabilities of one clip: the mean of its segments' softmax outputs.
    /// - Parameter segments: `n × inputHeight × inputWidth` values, n ≥ 1 (a clip's log-mel segments).
    /// - Throws: `MLError.featureMismatch` when `segments` is not a whole, non-zero number of network inputs.
    public static func meanProbabilities(_ network: Network, segments: [Float]) throws(MLError) -> [Float] {
        let architecture = network.architecture
        let size = architecture.inputSize
        guard !segments.isEmpty, segments.count % size == 0 else {
            throw MLError.featureMismatch(reason: "\(segments.count) values are not a whole number of "
                + "\(architecture.inputHeight)×\(architecture.inputWidth) segments")
        }
        let count = segments.count / size
        let names = (0..<architecture.classes).map { "class \($0)" }
        let clip = FeatureSet(labelNames: names, melBands: architecture.inputHeight, frames: architecture.inputWidth,
                              values: segments, labels: [Int32](repeating: 0, count: count),
                              clipIndices: [Int32](repeating: 0, count: count), clips: ["clip"])
        let probabilities = try probabilities(network, on: clip, batchSize: min(count, 32))
        return (0..<architecture.classes).map { k in
            (0..<count).reduce(Float(0)) { $0 + probabilities[$1 * architecture.classes + k] } / Float(count)
        }
    }
}
