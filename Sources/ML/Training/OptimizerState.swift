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
        let count = parameters.count
        switch optimizer {
        case let .sgd(_, momentum, decay):
            parameters.withUnsafeMutableBufferPointer { w in
                gradients.withUnsafeBufferPointer { g in
                    first.withUnsafeMutableBufferPointer { v in
                        for i in 0..<count {
                            let gradient = g[i] + decay * w[i]
                            v[i] = momentum * v[i] + gradient
                            w[i] -= rate * v[i]
                        }
                    }
                }
            }
        case let .adam(_, beta1, beta2, epsilon, decay):
            let correction1 = 1 - Float(pow(Double(beta1), Double(steps)))
            let correction2 = 1 - Float(pow(Double(beta2), Double(steps)))
            let stepSize = rate / correction1
            let rootCorrection2 = correction2.squareRoot()
            parameters.withUnsafeMutableBufferPointer { w in
                gradients.withUnsafeBufferPointer { g in
                    first.withUnsafeMutableBufferPointer { m in
                        second.withUnsafeMutableBufferPointer { v in
                            for i in 0..<count {
                                let gradient = g[i] + decay * w[i]
                                m[i] = beta1 * m[i] + (1 - beta1) * gradient
                                v[i] = beta2 * v[i] + (1 - beta2) * gradient * gradient
                                w[i] -= stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + epsilon)
                            }
                        }
                    }
                }
            }
        }
    }
}
