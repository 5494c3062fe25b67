import Foundation

/// An optimizer's per-parameter memory (momentum, or Adam's two moments and
/// step count), sized once for one parameter vector.
package struct OptimizerState {
    let optimizer: Optimizer
    private var first: [Float]
    private var second: [Float]
    private var steps = 0

    package init(optimizer: Optimizer, parameterCount: Int) {
        self.optimizer = optimizer
        first = [Float](repeating: 0, count: parameterCount)
        switch optimizer {
        case .sgd: second = []
        case .adam: second = [Float](repeating: 0, count: parameterCount)
        }
    }

    /// Applies one update with learning rate `rate` (the schedule's value).
    package mutating func step(_ parameters: inout [Float], gradients: [Float], rate: Float) {
        precondition(parameters.count == gradients.count && parameters.count == first.count, "vector lengths differ")
        steps += 1
        switch optimizer {
        case let .sgd(_, momentum, decay):
            OptimizerKernels.sgd(&parameters, gradients: gradients, velocity: &first, rate: rate, momentum: momentum, decay: decay)
        case let .adam(_, beta1, beta2, epsilon, decay):
            let correction1 = 1 - Float(pow(Double(beta1), Double(steps)))
            let correction2 = 1 - Float(pow(Double(beta2), Double(steps)))
            OptimizerKernels.adam(&parameters, gradients: gradients, first: &first, second: &second,
                                  stepSize: rate / correction1, rootCorrection2: correction2.squareRoot(),
                                  beta1: beta1, beta2: beta2, epsilon: epsilon, decay: decay)
        }
    }
}
