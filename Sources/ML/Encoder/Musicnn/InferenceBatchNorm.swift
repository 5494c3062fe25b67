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

    var channels: Int { scale.count }

    /// Normalizes `values` laid out with the channel last (any number of rows of `channels`).
    package func apply(_ values: inout [Float]) {
        precondition(values.count % channels == 0, "rows of channels")
        values.withUnsafeMutableBufferPointer { values in
            for start in stride(from: 0, to: values.count, by: channels) {
                for channel in 0..<channels { values[start + channel] = values[start + channel] * scale[channel] + shift[channel] }
            }
        }
    }

    /// Normalizes a [time, width, channels] map, then takes the maximum over width: [time, channels].
    package func applyThenMaxOverWidth(_ values: [Float], time: Int, width: Int) -> [Float] {
        precondition(values.count == time * width * channels, "a [time, width, channels] map")
        var output = [Float](repeating: -.infinity, count: time * channels)
        for t in 0..<time {
            for f in 0..<width {
                let base = (t * width + f) * channels
                for channel in 0..<channels {
                    output[t * channels + channel] = max(output[t * channels + channel], values[base + channel] * scale[channel] + shift[channel])
                }
            }
        }
        return output
    }
}
