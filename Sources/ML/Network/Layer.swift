import ChorusSupport
/// One layer of the CNN with its forward and backward pass over a batch.
///
/// Activations follow `Shape`'s layout (channel-major `C × N × H × W` for
/// convolutional layers, `N × features` for dense ones). A layer owns its
/// output and its input-gradient workspaces, sized once for the workspace's
/// batch capacity; `parameters` and `gradients` point at the layer's own slice
/// of the network's flat vectors. `backward` overwrites (never accumulates)
/// the layer's parameter gradients and must follow the `forward` of the same
/// batch, whose input it is given again.
package protocol Layer: AnyObject {
    /// Output of the last `forward`, `batch × outputShape.count` values.
    var output: UnsafeMutablePointer<Float> { get }
    /// Gradient with respect to the input, written by `backward`; nil for a
    /// layer built without it (the first layer: nothing consumes it).
    var inputGradient: UnsafeMutablePointer<Float>? { get }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator)

    func backward(_ outputGradient: UnsafePointer<Float>, input: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>)
}

/// A layer that keeps its output and input gradient in `FloatBuffer`s it owns.
protocol BufferedLayer: Layer {
    var outputBuffer: FloatBuffer { get }
    /// Nil when the layer was built without an input gradient.
    var inputGradientBuffer: FloatBuffer? { get }
}

extension BufferedLayer {
    var output: UnsafeMutablePointer<Float> { outputBuffer.pointer }
    var inputGradient: UnsafeMutablePointer<Float>? { inputGradientBuffer?.pointer }
}
