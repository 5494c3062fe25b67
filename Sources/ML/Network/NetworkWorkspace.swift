import ChorusSupport
/// The layer objects and workspaces that run a `Network` on batches of up to
/// `batchCapacity` segments: forward passes, the loss, backward passes, and
/// the flat gradient vector.
///
/// Every buffer is sized once here, so a training step allocates nothing. A
/// workspace serves any network of its architecture (the parameters are
/// passed per call); it is not thread-safe: use one per task.
public final class NetworkWorkspace {
    /// The architecture whose networks this workspace runs.
    public let architecture: Architecture
    /// The largest batch a call may pass.
    public let batchCapacity: Int
    /// Gradient of the mean loss of the last `computeGradients` batch, in the
    /// same layout as `Network.parameters`.
    public private(set) var gradients: [Float]

    /// L2 norm of `gradients`.
    public var gradientNorm: Double {
        gradients.withUnsafeBufferPointer { g in
            Double(Kernels.dot(Self.base(g), Self.base(g), count: g.count)).squareRoot()
        }
    }

    private let layers: [any Layer]
    private let offsets: [Int]
    private let loss: SoftmaxCrossEntropy
    /// Largest accepted batch capacity: keeps every index within `Int32` for BLAS.
    static let maximumBatch = 4096

    /// - Throws: `MLError.invalidArchitecture`, or `.invalidOption` for a batch capacity outside 1...4096.
    public init(architecture: Architecture, batchCapacity: Int) throws(MLError) {
        try architecture.validate()
        guard (1...Self.maximumBatch).contains(batchCapacity) else {
            throw MLError.invalidOption(field: "batch size", reason: "is \(batchCapacity), expected 1...\(Self.maximumBatch)")
        }
        self.architecture = architecture
        self.batchCapacity = batchCapacity
        var layers: [any Layer] = []
        var offsets: [Int] = []
        var offset = 0
        for spec in architecture.layers {
            offsets.append(offset)
            // A layer needs its input gradient only if some layer before it has parameters.
            layers.append(Self.makeLayer(spec, batchCapacity: batchCapacity, isFirst: offset == 0))
            offset += spec.parameterCount
        }
        self.layers = layers
        self.offsets = offsets
        loss = SoftmaxCrossEntropy(classes: architecture.classes, batchCapacity: batchCapacity)
        gradients = [Float](repeating: 0, count: architecture.parameterCount)
    }

    /// The layer object for `spec`; `isFirst` means no earlier layer has parameters, so
    /// nothing consumes this layer's input gradient and it is not computed.
    package static func makeLayer(_ spec: LayerSpec, batchCapacity: Int, isFirst: Bool) -> any Layer {
        switch spec {
        case let .inputScaling(shape):
            InputScaling(size: shape.count, batchCapacity: batchCapacity, computesInputGradient: !isFirst)
        case let .bandStatistics(input, group):
            BandStatistics(input: input, bandsPerGroup: group, batchCapacity: batchCapacity)
        case let .convolution(input, channels):
            Conv2D(input: input, outputChannels: channels, batchCapacity: batchCapacity, computesInputGradient: !isFirst)
        case let .groupNorm(shape, groups): GroupNorm(shape: shape, groups: groups, batchCapacity: batchCapacity)
        case let .relu(shape): ReLU(size: shape.count, batchCapacity: batchCapacity)
        case let .maxPool(input, rectified): MaxPool2D(input: input, rectified: rectified, batchCapacity: batchCapacity)
        case let .flatten(input): Flatten(input: input, batchCapacity: batchCapacity)
        case let .embeddingNormalization(blocks): EmbeddingNormalization(blocks: blocks, batchCapacity: batchCapacity)
        case let .dense(inputs, outputs):
            Dense(inputs: inputs, outputs: outputs, batchCapacity: batchCapacity, computesInputGradient: !isFirst)
        case let .dropout(features, rate): Dropout(size: features, rate: rate, batchCapacity: batchCapacity)
        }
    }

    /// Forward in training mode (dropout on), the mean cross-entropy loss, and
    /// backward into `gradients`.
    /// - Parameters:
    ///   - input: `batch × inputHeight × inputWidth` values.
    ///   - labels: `batch` class indices in `0..<classes`.
    /// - Returns: the summed loss over the batch and the number of correct arg-max predictions.
    package func computeGradients(_ network: Network, input: UnsafePointer<Float>, labels: UnsafePointer<Int32>,
                          batch: Int, generator: inout SeededGenerator) -> (lossSum: Double, correct: Int) {
        precondition(network.architecture == architecture, "network and workspace architectures differ")
        precondition(batch >= 1 && batch <= batchCapacity, "batch outside the workspace's capacity")
        return network.parameters.withUnsafeBufferPointer { parameterBuffer in
            let parameters = Self.base(parameterBuffer)
            let logits = forward(input, batch: batch, parameters: parameters, training: true, generator: &generator)
            let result = loss.lossAndGradient(logits, labels: labels, batch: batch)
            gradients.withUnsafeMutableBufferPointer { gradientBuffer in
                let gradientBase = Self.base(gradientBuffer)
                var outputGradient = UnsafePointer(loss.logitGradient.pointer)
                for index in layers.indices.reversed() {
                    let layerInput = index == 0 ? input : UnsafePointer(layers[index - 1].output)
                    layers[index].backward(outputGradient, input: layerInput, batch: batch,
                                           parameters: parameters + offsets[index],
                                           gradients: gradientBase + offsets[index])
                    // Layers before the first with parameters need no gradient: stop there.
                    guard offsets[index] > 0 else { break }
                    guard let next = layers[index].inputGradient else {
                        preconditionFailure("a layer after the first with parameters must give its input gradient")
                    }
                    outputGradient = UnsafePointer(next)
                }
            }
            return result
        }
    }

    /// Forward in inference mode (dropout off) and softmax; writes `batch × classes`
    /// probabilities to `probabilities`.
    package func infer(_ network: Network, input: UnsafePointer<Float>, batch: Int,
               probabilities: UnsafeMutablePointer<Float>) {
        precondition(network.architecture == architecture, "network and workspace architectures differ")
        precondition(batch >= 1 && batch <= batchCapacity, "batch outside the workspace's capacity")
        var unused = SeededGenerator(seed: 0)
        network.parameters.withUnsafeBufferPointer { parameterBuffer in
            let logits = forward(input, batch: batch, parameters: Self.base(parameterBuffer),
                                 training: false, generator: &unused)
            loss.softmax(logits, batch: batch)
        }
        probabilities.update(from: loss.probabilities.pointer, count: batch * architecture.classes)
    }

    private func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                         training: Bool, generator: inout SeededGenerator) -> UnsafePointer<Float> {
        var x = input
        for index in layers.indices {
            layers[index].forward(x, batch: batch, parameters: parameters + offsets[index],
                                  training: training, generator: &generator)
            x = UnsafePointer(layers[index].output)
        }
        return x
    }

    private static func base<T>(_ buffer: UnsafeBufferPointer<T>) -> UnsafePointer<T> {
        guard let address = buffer.baseAddress else { preconditionFailure("empty parameter vector") }
        return address
    }

    private static func base<T>(_ buffer: UnsafeMutableBufferPointer<T>) -> UnsafeMutablePointer<T> {
        guard let address = buffer.baseAddress else { preconditionFailure("empty gradient vector") }
        return address
    }
}
