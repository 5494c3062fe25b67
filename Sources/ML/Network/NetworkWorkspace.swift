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
    public var gradientNorm: Double { Double(Kernels.sumOfSquares(gradients)).squareRoot() }

    private let layers: [any Layer]
    /// Max-pools whose input convolution fills them run by run (`Conv2D.followingPool`): their own forward is skipped.
    private let pooledByConvolution: [Bool]
    private let offsets: [Int]
    /// Parameters of each layer.
    private let parameterCounts: [Int]
    private let loss: SoftmaxCrossEntropy
    /// The batch being run, copied in per call.
    private let input: Tensor
    /// The network's parameters, copied in per call, and the gradients the layers write.
    private let parameterTensor: Tensor
    private let gradientTensor: Tensor
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
        pooledByConvolution = layers.indices.map { index in
            guard index > 0, let pool = layers[index] as? MaxPool2D, let convolution = layers[index - 1] as? Conv2D else { return false }
            convolution.followingPool = pool
            return true
        }
        self.offsets = offsets
        parameterCounts = architecture.layers.map(\.parameterCount)
        loss = SoftmaxCrossEntropy(classes: architecture.classes, batchCapacity: batchCapacity)
        gradients = [Float](repeating: 0, count: architecture.parameterCount)
        input = Tensor(shape: architecture.layers[0].inputShape, batchCapacity: batchCapacity)
        parameterTensor = Tensor(count: architecture.parameterCount)
        gradientTensor = Tensor(count: architecture.parameterCount)
    }

    /// The layer object for `spec`; `isFirst` means no earlier layer has parameters, so
    /// nothing consumes this layer's input gradient and it is not computed.
    package static func makeLayer(_ spec: LayerSpec, batchCapacity: Int, isFirst: Bool) -> any Layer {
        switch spec {
        case let .inputScaling(shape):
            InputScaling(shape: shape, batchCapacity: batchCapacity, computesInputGradient: !isFirst)
        case let .bandStatistics(input, group):
            BandStatistics(input: input, bandsPerGroup: group, batchCapacity: batchCapacity)
        case let .convolution(input, channels):
            Conv2D(input: input, outputChannels: channels, batchCapacity: batchCapacity, computesInputGradient: !isFirst)
        case let .groupNorm(shape, groups): GroupNorm(shape: shape, groups: groups, batchCapacity: batchCapacity)
        case let .relu(shape): ReLU(shape: shape, batchCapacity: batchCapacity)
        case let .maxPool(input, rectified): MaxPool2D(input: input, rectified: rectified, batchCapacity: batchCapacity)
        case let .flatten(input): Flatten(input: input, batchCapacity: batchCapacity)
        case let .embeddingNormalization(skipped, blocks):
            EmbeddingNormalization(skipped: skipped, blocks: blocks, batchCapacity: batchCapacity)
        case let .dense(inputs, outputs):
            Dense(inputs: inputs, outputs: outputs, batchCapacity: batchCapacity, computesInputGradient: !isFirst)
        case let .dropout(features, rate): Dropout(shape: .vector(features), rate: rate, batchCapacity: batchCapacity)
        }
    }

    /// Forward in training mode (dropout on), the mean cross-entropy loss, and
    /// backward into `gradients`.
    /// - Parameters:
    ///   - input: `batch × inputHeight × inputWidth` values, where `batch` is `labels.count`.
    ///   - labels: `batch` class indices in `0..<classes`.
    /// - Returns: the summed loss over the batch and the number of correct arg-max predictions.
    package func computeGradients(_ network: Network, input batchInput: ArraySlice<Float>, labels: ArraySlice<Int32>,
                                  generator: inout SeededGenerator) -> (lossSum: Double, correct: Int) {
        let batch = labels.count
        load(network, input: batchInput, batch: batch)
        let logits = forward(batch: batch, training: true, generator: &generator)
        let result = loss.lossAndGradient(logits, labels: labels, batch: batch)
        var outputGradient = loss.logitGradient
        for index in layers.indices.reversed() {
            layers[index].backward(outputGradient, input: index == 0 ? input : layers[index - 1].output, batch: batch,
                                   parameters: TensorSlice(parameterTensor, offset: offsets[index], count: parameterCounts[index]),
                                   gradients: TensorSlice(gradientTensor, offset: offsets[index], count: parameterCounts[index]))
            // Layers before the first with parameters need no gradient: stop there.
            guard offsets[index] > 0 else { break }
            guard let next = layers[index].inputGradient else {
                preconditionFailure("a layer after the first with parameters must give its input gradient")
            }
            outputGradient = next
        }
        gradientTensor.copy(gradients.count, into: &gradients)
        return result
    }

    /// Forward in inference mode (dropout off) and softmax; writes `batch × classes`
    /// probabilities to `probabilities` from `start` on.
    /// - Parameter input: `batch × inputHeight × inputWidth` values.
    package func infer(_ network: Network, input batchInput: ArraySlice<Float>, batch: Int,
                       probabilities: inout [Float], at start: Int = 0) {
        var unused = SeededGenerator(seed: 0)
        load(network, input: batchInput, batch: batch)
        loss.softmax(forward(batch: batch, training: false, generator: &unused), batch: batch)
        loss.probabilities.copy(batch * architecture.classes, into: &probabilities, at: start)
    }

    /// Copies the network's parameters and one batch of input into the workspace's tensors.
    private func load(_ network: Network, input batchInput: ArraySlice<Float>, batch: Int) {
        precondition(network.architecture == architecture, "network and workspace architectures differ")
        precondition(batch >= 1 && batch <= batchCapacity, "batch outside the workspace's capacity")
        precondition(batchInput.count == batch * input.shape.count, "input holds \(batchInput.count) values, not \(batch) segments")
        parameterTensor.assign(network.parameters[...])
        input.assign(batchInput)
    }

    private func forward(batch: Int, training: Bool, generator: inout SeededGenerator) -> Tensor {
        var x = input
        for index in layers.indices {
            // A pool filled by its convolution's forward already holds its output.
            if !pooledByConvolution[index] {
                layers[index].forward(x, batch: batch,
                                      parameters: TensorSlice(parameterTensor, offset: offsets[index], count: parameterCounts[index]),
                                      training: training, generator: &generator)
            }
            x = layers[index].output
        }
        return x
    }
}
