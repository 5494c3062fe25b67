import ChorusSupport
/// Turns a channel-major `C × N × H × W` batch into `N × (C·H·W)` rows, each
/// sample's features in PyTorch's `flatten` order (channel, then row, then column).
final class Flatten: BufferedLayer {
    let input: Shape
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer?

    init(input: Shape, batchCapacity: Int) {
        self.input = input
        outputBuffer = FloatBuffer(count: batchCapacity * input.count)
        inputGradientBuffer = FloatBuffer(count: batchCapacity * input.count)
    }


    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let (plane, features) = (input.plane, input.count)
        for channel in 0..<input.channels {
            for sample in 0..<batch {
                (output + sample * features + channel * plane)
                    .update(from: x + (channel * batch + sample) * plane, count: plane)
            }
        }
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let (plane, features) = (input.plane, input.count)
        guard let dx = inputGradient else { return }
        for channel in 0..<input.channels {
            for sample in 0..<batch {
                (dx + (channel * batch + sample) * plane)
                    .update(from: dy + sample * features + channel * plane, count: plane)
            }
        }
    }
}
