import Foundation

/// Softmax over each row of `N × classes` logits with the mean cross-entropy
/// against integer labels. Backward is `(softmax − onehot) / N`, the gradient
/// of the mean loss. Computed with the row maximum subtracted, so large
/// logits cannot overflow.
final class SoftmaxCrossEntropy {
    let classes: Int
    /// Row-wise probabilities of the last call.
    let probabilities: FloatBuffer
    /// Gradient of the mean loss with respect to the logits.
    let logitGradient: FloatBuffer

    init(classes: Int, batchCapacity: Int) {
        self.classes = classes
        probabilities = FloatBuffer(count: batchCapacity * classes)
        logitGradient = FloatBuffer(count: batchCapacity * classes)
    }

    /// Fills `probabilities` from `logits`.
    func softmax(_ logits: UnsafePointer<Float>, batch: Int) {
        let p = probabilities.pointer
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

    /// Softmax, then the summed (not mean) loss over the batch, the number of
    /// rows whose arg-max is the label, and the gradient of the *mean* loss.
    /// Labels must lie in `0..<classes` (checked by the caller on input).
    func lossAndGradient(_ logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, batch: Int)
        -> (lossSum: Double, correct: Int) {
        softmax(logits, batch: batch)
        let (p, g) = (UnsafePointer(probabilities.pointer), logitGradient.pointer)
        var lossSum = 0.0
        var correct = 0
        let invBatch = 1 / Float(batch)
        for sample in 0..<batch {
            let label = Int(labels[sample])
            let row = p + sample * classes
            lossSum -= Double(log(max(row[label], Float.leastNormalMagnitude)))
            if Kernels.argmax(row, count: classes) == label { correct += 1 }
            for k in 0..<classes {
                g[sample * classes + k] = (row[k] - (k == label ? 1 : 0)) * invBatch
            }
        }
        return (lossSum, correct)
    }
}
