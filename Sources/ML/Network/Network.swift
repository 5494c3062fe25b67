import ChorusSupport
/// A CNN as a value: its architecture and all its parameters in one flat,
/// contiguous float vector.
///
/// The vector holds every layer's weights then biases in layer order (PyTorch's
/// `state_dict` order and layouts), so federated aggregation, clipping and
/// masking work on `parameters` as a whole, and replacing it swaps the whole
/// model without touching layers. Running the network (forward, backward)
/// needs a `NetworkWorkspace`; `Network` itself is a small `Sendable` value
/// that can be copied between tasks and compared.
public struct Network: Sendable, Equatable {
    /// The layer structure the parameters belong to.
    public let architecture: Architecture

    /// All trainable values, `architecture.parameterCount` of them. Setting a
    /// vector of another length is a programming error (it traps): check
    /// lengths of decoded updates before assigning.
    public var parameters: [Float] {
        didSet {
            precondition(parameters.count == architecture.parameterCount,
                         "parameter vector has \(parameters.count) values, the architecture needs \(architecture.parameterCount)")
        }
    }

    /// A freshly initialised network: He-normal weights (standard deviation
    /// √(2 / fan-in)) drawn from `seed`, zero biases, GroupNorm scales 1 and
    /// shifts 0. The same architecture and seed give the same parameters.
    /// A linear classifier (no convolution blocks, no hidden layer) starts at
    /// zero instead: its loss is convex, so there is no symmetry to break, and
    /// random weights would only be noise that the first rounds of a federated
    /// run, whose updates are clipped to a small norm, must first undo.
    /// - Throws: `MLError.invalidArchitecture` when the architecture is out of range.
    public init(architecture: Architecture, seed: UInt64) throws(MLError) {
        try architecture.validate()
        self.architecture = architecture
        var generator = SeededGenerator(seed: seed)
        var values = [Float](repeating: 0, count: architecture.parameterCount)
        var offset = 0
        for layer in architecture.layers {
            switch layer {
            case let .convolution(input, channels):
                Self.heNormal(&values, offset: offset, count: channels * input.channels * 9,
                              fanIn: input.channels * 9, using: &generator)
            case let .dense(inputs, outputs):
                if !architecture.isLinear {
                    Self.heNormal(&values, offset: offset, count: outputs * inputs, fanIn: inputs, using: &generator)
                }
            case let .groupNorm(shape, _):
                for c in 0..<shape.channels { values[offset + c] = 1 }
            case .inputScaling, .bandStatistics, .embeddingNormalization, .relu, .maxPool, .flatten, .dropout:
                break
            }
            offset += layer.parameterCount
        }
        parameters = values
    }

    /// A network with the given parameters (e.g. a loaded or aggregated model).
    /// - Throws: `MLError.invalidArchitecture` for a bad architecture,
    ///   `MLError.invalidOption` when the vector's length is not the architecture's parameter count.
    public init(architecture: Architecture, parameters: [Float]) throws(MLError) {
        try architecture.validate()
        guard parameters.count == architecture.parameterCount else {
            throw MLError.invalidOption(field: "parameters",
                                        reason: "has \(parameters.count) values, the architecture needs \(architecture.parameterCount)")
        }
        self.architecture = architecture
        self.parameters = parameters
    }

    private static func heNormal(_ values: inout [Float], offset: Int, count: Int, fanIn: Int,
                                 using generator: inout SeededGenerator) {
        let deviation = (2 / Double(fanIn)).squareRoot()
        for i in offset..<(offset + count) {
            values[i] = Float(generator.nextGaussian() * deviation)
        }
    }
}
