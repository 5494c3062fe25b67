import Federation
import ML

extension LocalUpdate {
    /// The participant's clips split for federated evaluation: a fixed, stratified
    /// held-out part (`FederatedEvaluation.splitSeed`, at most `maximumClips` of it
    /// evaluated) and the rest, the only clips it trains on.
    static func heldOut(of data: FeatureSet, _ evaluation: FederatedEvaluation) -> (train: FeatureSet, heldOut: FeatureSet) {
        let split = data.split(seed: FederatedEvaluation.splitSeed, validationFraction: 0,
                               testFraction: evaluation.heldOutFraction)
        let evaluated = split.test.subset(clips: Array(0..<min(evaluation.maximumClips, split.test.clips.count)))
        return (split.train, evaluated)
    }

    /// The clip counts of the plan's model on `heldOut` (none without data).
    /// - Throws: `ClientError.training` when the model cannot run on the features.
    static func evaluate(_ parameters: [Float], architecture: Architecture, on heldOut: FeatureSet?,
                         _ evaluation: FederatedEvaluation) throws(ClientError) -> EvaluationCounts {
        guard let heldOut, heldOut.count > 0 else { return .empty(classes: evaluation.classes) }
        do throws(MLError) {
            let network = try Network(architecture: architecture, parameters: parameters)
            let counts = EvaluationCounts(try Evaluator.evaluate(network, on: heldOut.resized(for: architecture)))
            guard counts.total.count == evaluation.classes else {
                throw MLError.featureMismatch(reason: "held-out clips have \(counts.total.count) classes, the plan \(evaluation.classes)")
            }
            return counts
        } catch {
            throw .training(error)
        }
    }

    /// Scales `delta` to L2 norm at most `clipNorm` (the update's own bound, before
    /// the counts are appended and the joint vector is clipped to C').
    static func clip(_ delta: inout [Float], to clipNorm: Double) {
        let norm = delta.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        guard norm > clipNorm else { return }
        let factor = Float(clipNorm / norm)
        for index in delta.indices { delta[index] *= factor }
    }
}
