/// The optimizers' per-parameter update loops over whole vectors: the training
/// path's pointer code outside `Network/Kernels`, opened once per step (STYLE §7),
/// so `OptimizerState` and its callers index only safe arrays.
enum OptimizerKernels {
    /// SGD with momentum and weight decay: v ← μv + (g + λw), w ← w − ηv.
    /// - Precondition: the three vectors have one length (checked by the caller).
    static func sgd(_ parameters: inout [Float], gradients: [Float], velocity: inout [Float],
                    rate: Float, momentum: Float, decay: Float) {
        let count = parameters.count
        parameters.withUnsafeMutableBufferPointer { w in
            gradients.withUnsafeBufferPointer { g in
                velocity.withUnsafeMutableBufferPointer { v in
                    for i in 0..<count {
                        let gradient = g[i] + decay * w[i]
                        v[i] = momentum * v[i] + gradient
                        w[i] -= rate * v[i]
                    }
                }
            }
        }
    }

    /// Adam with weight decay added to the gradient; `stepSize` is η over the first
    /// moment's bias correction, `rootCorrection2` the square root of the second's.
    /// - Precondition: the four vectors have one length (checked by the caller).
    static func adam(_ parameters: inout [Float], gradients: [Float], first: inout [Float], second: inout [Float],
                     stepSize: Float, rootCorrection2: Float, beta1: Float, beta2: Float, epsilon: Float, decay: Float) {
        let count = parameters.count
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
