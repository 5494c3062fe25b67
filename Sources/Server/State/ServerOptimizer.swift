import ML

/// FedAvg's server step: w ← w + η·v with v ← μ·v + Δ̄ (plain FedAvg for μ = 0,
/// η = 1), where Δ̄ is the decoded average update of the survivors.
enum ServerOptimizer {
    static func apply(average: [Float], to parameters: inout [Float], momentum: inout [Float],
                      learningRate: Float, momentumFactor: Float) {
        precondition(average.count == parameters.count, "the decoded update has the model's length")
        guard momentumFactor > 0 else {
            for index in parameters.indices { parameters[index] += learningRate * average[index] }
            return
        }
        if momentum.count != parameters.count { momentum = [Float](repeating: 0, count: parameters.count) }
        for index in parameters.indices {
            momentum[index] = momentumFactor * momentum[index] + average[index]
            parameters[index] += learningRate * momentum[index]
        }
    }
}

extension ServerOptimizer {
    /// The step of a run releasing class statistics: the decoded average
    /// statistics of the round join those of earlier rounds in `sums` (the
    /// checkpointed momentum vector; a common scale does not change class
    /// means), and the parameters become the nearest-class-mean classifier of
    /// the total.
    /// - Throws: `MLError` when the architecture is not linear.
    static func accumulate(statistics average: [Float], into sums: inout [Float], parameters: inout [Float],
                           architecture: Architecture) throws(MLError) {
        precondition(average.count == parameters.count, "the decoded statistics have the model's length")
        if sums.count != average.count { sums = [Float](repeating: 0, count: average.count) }
        for index in sums.indices { sums[index] += average[index] }
        parameters = try ClassStatistics.classifier(from: sums, architecture: architecture)
    }
}
