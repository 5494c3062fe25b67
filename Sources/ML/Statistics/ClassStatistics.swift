import ChorusSupport

/// The sufficient statistics of a nearest-class-mean classifier on a linear
/// architecture's features, and the classifier built from them.
///
/// A participant's statistics are laid out exactly as the architecture's
/// parameters (`classes × features` weights, then `classes` biases): row c of
/// the weights holds the sum of the class-c segments' feature vectors; the
/// bias slots stay zero. Each feature vector (the front end's output, what the
/// dense layer reads) is divided by √features and, if still longer than 1,
/// scaled to unit L2 norm: embeddings (blocks of unit RMS) land exactly on the
/// unit sphere, and no one segment weighs more than one. Sums of such vectors
/// add up across participants, so secure aggregation can sum them and the
/// distributed discrete Gaussian can noise them like any update.
///
/// The classifier scores a segment with features f as `f·s_c/‖s_c‖` (s_c the
/// class-c sum): the class mean nearest in angle (cosine nearest class mean),
/// written as the architecture's own dense layer (zero biases), so the model
/// file is a normal Chorus model for `evaluate`/`predict`. Cosine rather than
/// Euclidean: the Euclidean rule's bias −‖μ_c‖²/2 takes in the squared norm of
/// each class's noise (features × σ² / count²), which under DP swamps the
/// differences between classes; the angle to a noised sum does not. The angle
/// needs no counts, so none are released: a participant holding n segments of
/// mixed classes has a release of norm about √n instead of √(2n) with counts,
/// and the same clip norm C then bounds it with 1/√2 of the noise.
public enum ClassStatistics {
    /// Bias of a class whose sum is zero (no segments, no noise): it has no mean,
    /// and this score lies below every real class's (at least −‖f‖, and ‖f‖ is
    /// √features for embeddings, about that for standardized band statistics).
    static let absentClassBias: Float = -1000

    /// The statistics of `data`'s segments (resized first when the architecture's
    /// input is an integer factor smaller), `architecture.parameterCount` values.
    /// - Complexity: one pass of the front end over the segments, O(segments × features).
    /// - Throws: `MLError.invalidArchitecture` unless the architecture is linear,
    ///   `MLError.featureMismatch`/`.emptyFeatureSet` when the data does not fit it.
    public static func of(_ data: FeatureSet, architecture: Architecture) throws(MLError) -> [Float] {
        let features = try featureCount(architecture)
        let data = data.resized(for: architecture)
        try data.checkCompatible(with: architecture, role: "the participant's features")
        var statistics = [Float](repeating: 0, count: architecture.parameterCount)
        let batchCapacity = 256
        let frontEnd = NetworkWorkspace.makeLayer(architecture.layers[0], batchCapacity: batchCapacity, isFirst: true)
        let input = Tensor(shape: architecture.layers[0].inputShape, batchCapacity: batchCapacity)
        // The front end has no parameters.
        let noParameters = TensorSlice(Tensor(count: 0))
        var unused = SeededGenerator(seed: 0)
        let scale = 1 / Float(features).squareRoot()
        var rows = [Float](repeating: 0, count: batchCapacity * features)
        var start = 0
        while start < data.count {
            let batch = min(batchCapacity, data.count - start)
            input.assign(data.values[(start * data.segmentSize)..<((start + batch) * data.segmentSize)])
            frontEnd.forward(input, batch: batch, parameters: noParameters, training: false, generator: &unused)
            frontEnd.output.copy(batch * features, into: &rows)
            for sample in 0..<batch {
                let row = rows[(sample * features)..<((sample + 1) * features)]
                let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot() * scale
                let factor = norm > 1 ? scale / norm : scale
                let label = Int(data.labels[start + sample])
                for (j, value) in row.enumerated() { statistics[label * features + j] += value * factor }
            }
            start += batch
        }
        return statistics
    }

    /// The cosine nearest-class-mean classifier of summed (possibly noised,
    /// possibly scaled by a common factor) `statistics`: parameters of
    /// `architecture`. A class whose sum is zero (no segments and no noise)
    /// has no mean: zero weights and a bias below every other class's score.
    /// The bias slots of `statistics` are not read.
    /// - Throws: `MLError.invalidArchitecture` unless the architecture is linear,
    ///   `.invalidOption` when `statistics` does not have its parameter count.
    public static func classifier(from statistics: [Float], architecture: Architecture) throws(MLError) -> [Float] {
        let features = try featureCount(architecture)
        guard statistics.count == architecture.parameterCount else {
            throw .invalidOption(field: "class statistics",
                                 reason: "has \(statistics.count) values, the architecture needs \(architecture.parameterCount)")
        }
        let classes = architecture.classes
        var parameters = [Float](repeating: 0, count: statistics.count)
        for c in 0..<classes {
            let row = (c * features)..<((c + 1) * features)
            let norm = statistics[row].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            guard norm > 0 else {
                parameters[classes * features + c] = absentClassBias
                continue
            }
            // The mean's direction: sum_c / count_c over its norm, i.e. sum_c over its norm.
            for j in row { parameters[j] = Float(Double(statistics[j]) / norm) }
        }
        return parameters
    }

    /// The dense layer's input width of a linear architecture.
    private static func featureCount(_ architecture: Architecture) throws(MLError) -> Int {
        try architecture.validate()
        guard architecture.isLinear, let last = architecture.layers.last, case let .dense(inputs, _) = last,
              architecture.layers.count == 2 else {
            throw .invalidArchitecture(field: "head", reason: "is \(architecture.summary); class statistics need a linear head on a fixed front end (--architecture linear)")
        }
        return inputs
    }
}
