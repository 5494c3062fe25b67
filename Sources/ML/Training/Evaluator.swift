import Foundation

/// Runs a network over a feature set in inference mode (dropout off) and
/// scores it: loss, segment and clip accuracy, confusion, per-genre metrics.
public enum Evaluator {
    /// Evaluates `network` on every segment of `data`.
    /// - Parameter batchSize: segments per forward pass (memory, not results, depends on it).
    /// - Throws: `MLError` when the features do not fit the network or the batch size is out of range.
    public static func evaluate(_ network: Network, on data: FeatureSet, batchSize: Int = 64) throws(MLError) -> Evaluation {
        Evaluation(probabilities: try probabilities(network, on: data, batchSize: batchSize), data: data)
    }

    /// Class probabilities of every segment, `data.count × classes` row-major.
    /// - Throws: `MLError` when the features do not fit the network or the batch size is out of range.
    public static func probabilities(_ network: Network, on data: FeatureSet, batchSize: Int = 64) throws(MLError) -> [Float] {
        try data.checkCompatible(with: network.architecture, role: "features")
        let workspace = try NetworkWorkspace(architecture: network.architecture, batchCapacity: min(batchSize, data.count))
        return probabilities(network, on: data, workspace: workspace)
    }

    /// The same with a workspace the caller keeps (the trainer's, for validation).
    static func probabilities(_ network: Network, on data: FeatureSet, workspace: NetworkWorkspace) -> [Float] {
        let (size, classes, capacity) = (data.segmentSize, network.architecture.classes, workspace.batchCapacity)
        var probabilities = [Float](repeating: 0, count: data.count * classes)
        var start = 0
        while start < data.count {
            let batch = min(capacity, data.count - start)
            workspace.infer(network, input: data.values[(start * size)..<((start + batch) * size)], batch: batch,
                            probabilities: &probabilities, at: start * classes)
            start += batch
        }
        return probabilities
    }

    /// Mean cross-entropy and segment accuracy of `probabilities` against `data`'s labels.
    static func lossAndAccuracy(_ probabilities: [Float], of data: FeatureSet) -> (loss: Double, accuracy: Double) {
        let classes = data.labelNames.count
        let predicted = predictions(probabilities, classes: classes)
        var loss = 0.0
        var correct = 0
        for segment in 0..<data.count {
            let label = Int(data.labels[segment])
            loss -= log(Double(max(probabilities[segment * classes + label], Float.leastNormalMagnitude)))
            if predicted[segment] == label { correct += 1 }
        }
        return (loss / Double(max(data.count, 1)), Double(correct) / Double(max(data.count, 1)))
    }

    /// The most probable class of each row of `classes` probabilities (the first on ties).
    static func predictions(_ probabilities: [Float], classes: Int) -> [Int] {
        (0..<(probabilities.count / classes)).map { Kernels.argmax(probabilities[($0 * classes)..<(($0 + 1) * classes)]) }
    }
}
