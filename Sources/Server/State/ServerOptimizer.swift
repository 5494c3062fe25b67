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
