import Foundation

/// Batch normalization at inference, TensorFlow 1's `batch_normalization`
/// with its moving statistics: y = γ (x − mean) / √(var + ε) + β with
/// ε = 0.001, folded into one scale and shift per channel.
package struct InferenceBatchNorm: Sendable {
    static let epsilon: Float = 1e-3
    let scale: [Float]
    let shift: [Float]

    /// The layer named `name` in `tensors` (its beta, gamma, moving_mean and moving_variance).
    package init(_ name: String, _ tensors: [String: EncoderTensor]) {
        func values(_ part: String) -> [Float] {
            guard let tensor = tensors["\(name)/\(part)"] else { preconditionFailure("EncoderFile holds every tensor of its model") }
            return tensor.values
        }
        let gamma = values("gamma"), beta = values("beta"), mean = values("moving_mean"), variance = values("moving_variance")
        let scale = zip(gamma, variance).map { $0 / ($1 + Self.epsilon).squareRoot() }
        self.scale = scale
        shift = (0..<beta.count).map { beta[$0] - mean[$0] * scale[$0] }
    }

    /// The norms of maps laid side by side, channel after channel (stacked convolutions' outputs).
    package init(concatenating norms: [InferenceBatchNorm]) {
        scale = norms.flatMap(\.scale)
        shift = norms.flatMap(\.shift)
    }

    var channels: Int { scale.count }
}
