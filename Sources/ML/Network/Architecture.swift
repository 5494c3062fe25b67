/// The shape of a CNN: input size, convolution blocks, dense head and classes.
///
/// The input (log-mel dB in [-80, 0]) is first mapped to [-1, 1] by the fixed
/// `(x + 40) / 40`. Then
/// Each convolution block is conv 3×3 (padding 1, stride 1) → optional
/// GroupNorm → ReLU → max-pool 2×2 (stride 2, flooring odd sizes; the ReLU
/// and the pool run as one fused layer). After the
/// blocks: flatten → dense `denseWidth` → ReLU → dropout → dense `classes` →
/// softmax. `Architecture.default` is DESIGN.md's 4-conv CNN on 1×128×130
/// log-mel segments, 622,154 parameters; experiments scale the input (64×65
/// for "25% scaling") and tests use small variants.
public struct Architecture: Sendable, Equatable, Hashable, Codable {
    /// Mel bands of one input segment (the image height).
    public var inputHeight: Int
    /// Frames of one input segment (the image width).
    public var inputWidth: Int
    /// Output channels of each convolution block, first to last.
    public var convolutionChannels: [Int]
    /// Units of the hidden dense layer.
    public var denseWidth: Int
    /// Probability in [0, 1) that dropout zeroes a hidden unit while training.
    public var dropout: Float
    /// Number of output classes (genres).
    public var classes: Int
    /// Groups of GroupNorm after each convolution, or 0 for no normalisation
    /// (the default: batch statistics do not survive federated averaging, and
    /// GroupNorm is the option that does). Must divide every channel count.
    public var groupNormGroups: Int

    public init(inputHeight: Int, inputWidth: Int, convolutionChannels: [Int], denseWidth: Int,
                dropout: Float, classes: Int, groupNormGroups: Int = 0) {
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.convolutionChannels = convolutionChannels
        self.denseWidth = denseWidth
        self.dropout = dropout
        self.classes = classes
        self.groupNormGroups = groupNormGroups
    }

    /// DESIGN.md's CNN: 4 × [conv 3×3 → ReLU → max-pool 2×2] with 16, 32, 64,
    /// 128 channels on 1×128×130, dense 64, dropout 0.3, 10 genres.
    public static let `default` = Architecture(inputHeight: 128, inputWidth: 130,
                                               convolutionChannels: [16, 32, 64, 128],
                                               denseWidth: 64, dropout: 0.3, classes: 10)

    /// The default CNN on the "25% scaled" input, 64×65 (half the mel bands and frames).
    public static let scaled25 = Architecture(inputHeight: 64, inputWidth: 65,
                                              convolutionChannels: [16, 32, 64, 128],
                                              denseWidth: 64, dropout: 0.3, classes: 10)

    /// A small CNN on inputs averaged 4×4 down to 32×32 (22,634 parameters):
    /// with differential privacy the noise grows with the square root of the
    /// update's size, so few participants can only train a model this small.
    public static let tiny = Architecture(inputHeight: 32, inputWidth: 32, convolutionChannels: [8, 16, 32],
                                          denseWidth: 32, dropout: 0, classes: 10)

    /// Upper bounds that keep a model file or a typo from asking for absurd memory.
    static let maximumSide = 4096
    static let maximumBlocks = 16
    static let maximumChannels = 4096
    static let maximumWidth = 1 << 16
    static let maximumClasses = 4096
    /// Largest parameter count accepted (about 1 GiB of float32).
    static let maximumParameters = 1 << 28

    /// Checks every field against its range and that the input survives the
    /// pooling of every block.
    /// - Throws: `MLError.invalidArchitecture` naming the field.
    public func validate() throws(MLError) {
        func check(_ ok: Bool, _ field: String, _ reason: String) throws(MLError) {
            if !ok { throw MLError.invalidArchitecture(field: field, reason: reason) }
        }
        try check((1...Self.maximumSide).contains(inputHeight), "input height", "is \(inputHeight), expected 1...\(Self.maximumSide)")
        try check((1...Self.maximumSide).contains(inputWidth), "input width", "is \(inputWidth), expected 1...\(Self.maximumSide)")
        try check((1...Self.maximumBlocks).contains(convolutionChannels.count), "convolution channels",
                  "has \(convolutionChannels.count) blocks, expected 1...\(Self.maximumBlocks)")
        for (index, channels) in convolutionChannels.enumerated() {
            try check((1...Self.maximumChannels).contains(channels), "convolution block \(index + 1)",
                      "has \(channels) channels, expected 1...\(Self.maximumChannels)")
            if groupNormGroups > 0 {
                try check(channels % groupNormGroups == 0, "GroupNorm groups",
                          "(\(groupNormGroups)) do not divide the \(channels) channels of block \(index + 1)")
            }
        }
        try check(groupNormGroups >= 0, "GroupNorm groups", "is \(groupNormGroups), expected 0 (none) or more")
        try check((1...Self.maximumWidth).contains(denseWidth), "dense width", "is \(denseWidth), expected 1...\(Self.maximumWidth)")
        try check(dropout >= 0 && dropout < 1, "dropout", "is \(dropout), expected a probability in [0, 1)")
        try check((2...Self.maximumClasses).contains(classes), "classes", "is \(classes), expected 2...\(Self.maximumClasses)")
        var height = inputHeight, width = inputWidth
        for index in convolutionChannels.indices {
            height /= 2
            width /= 2
            try check(height >= 1 && width >= 1, "input size",
                      "\(inputHeight)×\(inputWidth) pools away to nothing at block \(index + 1)")
        }
        let count = parameterCountReportingOverflow
        try check(!count.overflow && count.value <= Self.maximumParameters, "parameter count",
                  "exceeds \(Self.maximumParameters)")
    }

    /// Number of trainable parameters (weights and biases, GroupNorm scales and shifts).
    /// Call on a validated architecture.
    public var parameterCount: Int { parameterCountReportingOverflow.value }

    private var parameterCountReportingOverflow: (value: Int, overflow: Bool) {
        var total = 0
        for layer in layers {
            let (sum, overflow) = total.addingReportingOverflow(layer.parameterCountReportingOverflow.value)
            if overflow || layer.parameterCountReportingOverflow.overflow { return (0, true) }
            total = sum
        }
        return (total, false)
    }

    /// Values in one input segment, `inputHeight × inputWidth`.
    public var inputSize: Int { inputHeight * inputWidth }

    /// A one-line description, e.g. `1×128×130 → conv 16,32,64,128 → dense 64 → 10`.
    public var summary: String {
        let norm = groupNormGroups > 0 ? " (GroupNorm \(groupNormGroups))" : ""
        return "1×\(inputHeight)×\(inputWidth) → conv \(convolutionChannels.map(String.init).joined(separator: ","))\(norm)"
            + " → dense \(denseWidth) (dropout \(dropout)) → \(classes)"
    }
}

extension Architecture {
    /// Floating-point operations (2 per multiply-add) of one sample's forward
    /// pass through the convolution and dense layers. A training step costs
    /// about three times this (forward, weight gradient, input gradient).
    public var forwardFLOPsPerSample: Double {
        var multiplyAdds = 0
        for layer in layers {
            switch layer {
            case let .convolution(input, channels): multiplyAdds += channels * input.channels * 9 * input.plane
            case let .dense(inputs, outputs): multiplyAdds += inputs * outputs
            case .inputScaling, .groupNorm, .relu, .maxPool, .flatten, .dropout: break
            }
        }
        return 2 * Double(multiplyAdds)
    }
}
