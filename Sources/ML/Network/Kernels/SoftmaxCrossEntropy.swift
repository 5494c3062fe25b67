import Foundation

/// Softmax over each row of `N × classes` logits with the mean cross-entropy
/// against integer labels. Backward is `(softmax − onehot) / N`, the gradient
/// of the mean loss. Computed with the row maximum subtracted, so large
/// logits cannot overflow.
final class SoftmaxCrossEntropy {
    let classes: Int
    /// Row-wise probabilities of the last call.
    let probabilities: Tensor
    /// Gradient of the mean loss with respect to the logits.
    let logitGradient: Tensor

    init(classes: Int, batchCapacity: Int) {
        self.classes = classes
        probabilities = Tensor(shape: .vector(classes), batchCapacity: batchCapacity)
        logitGradient = Tensor(shape: .vector(classes), batchCapacity: batchCapacity)
    }

    /// Fills `probabilities` from the first `batch` rows of `logits`.
    func softmax(_ logits: Tensor, batch: Int) {
        precondition(logits.shape == .vector(classes) && batch <= min(logits.batchCapacity, probabilities.batchCapacity),
                     "logits do not fit the loss")
        logits.withUnsafeValues { logits in
            probabilities.withUnsafeValues { p in
                for sample in 0..<batch {
                    let row = logits + sample * classes
                    let out = p + sample * classes
                    var peak = row[0]
                    for k in 1..<classes { peak = max(peak, row[k]) }
                    var total: Float = 0
                    for k in 0..<classes {
                        out[k] = exp(row[k] - peak)
                        total += out[k]
                    }
                    for k in 0..<classes { out[k] /= total }
                }
            }
        }
    }

    /// Softmax, then the summed (not mean) loss over the batch, the number of
    /// rows whose arg-max is the label, and the gradient of the *mean* loss.
    /// Labels must lie in `0..<classes` (checked by the caller on input).
    func lossAndGradient(_ logits: Tensor, labels: ArraySlice<Int32>, batch: Int) -> (lossSum: Double, correct: Int) {
        precondition(labels.count == batch, "\(labels.count) labels for a batch of \(batch)")
        softmax(logits, batch: batch)
        return probabilities.withUnsafeValues { p in
            logitGradient.withUnsafeValues { g in
                var lossSum = 0.0
                var correct = 0
                let invBatch = 1 / Float(batch)
                for (sample, label) in zip(0..<batch, labels.lazy.map(Int.init)) {
                    precondition((0..<classes).contains(label), "label \(label) outside 0..<\(classes)")
                    let row = UnsafeBufferPointer(start: p + sample * classes, count: classes)
                    lossSum -= Double(log(max(row[label], Float.leastNormalMagnitude)))
                    if Kernels.argmax(row) == label { correct += 1 }
                    for k in 0..<classes {
                        g[sample * classes + k] = (row[k] - (k == label ? 1 : 0)) * invBatch
                    }
                }
                return (lossSum, correct)
            }
        }
    }
}
