/// The shape of a network: input size, front end, convolution blocks, dense
/// head and classes.
///
/// The input is a log-mel segment in dB ([-80, 0]). With the `.image` front
/// end it is first mapped to [-1, 1] by the fixed `(x + 40) / 40`, then each
/// convolution block is conv 3×3 (padding 1, stride 1) → optional
/// GroupNorm → ReLU → max-pool 2×2 (stride 2, flooring odd sizes; the ReLU
/// and the pool run as one fused layer). With the `.bandStatistics` front end
/// the segment becomes a short vector of per-band statistics and there are no
/// convolution blocks. Then: flatten → dense `denseWidth` → ReLU → dropout →
/// dense `classes` → softmax, or straight dense `classes` when `denseWidth`
/// is 0 (a linear classifier). `Architecture.default` is DESIGN.md's 4-conv
/// CNN on 1×128×130 log-mel segments, 622,154 parameters; experiments scale
/// the input (64×65 for "25% scaling"), the DP row uses
/// `Architecture.statisticsLinear`, and tests use small variants.
public struct Architecture: Sendable, Equatable, Hashable, Codable {
    /// Mel bands of one input segment (the image height).
    public var inputHeight: Int
    /// Frames of one input segment (the image width).
    public var inputWidth: Int
    /// What happens to the segment before the trainable layers.
    public var frontEnd: FrontEnd
    /// Output channels of each convolution block, first to last.
    public var convolutionChannels: [Int]
    /// Units of the hidden dense layer; 0 for none (the head is then linear).
    public var denseWidth: Int
    /// Probability in [0, 1) that dropout zeroes a hidden unit while training
    /// (0 when there is no hidden layer).
    public var dropout: Float
    /// Number of output classes (genres).
    public var classes: Int
    /// Groups of GroupNorm after each convolution, or 0 for no normalisation
    /// (the default: batch statistics do not survive federated averaging, and
    /// GroupNorm is the option that does). Must divide every channel count.
    public var groupNormGroups: Int

    public init(inputHeight: Int, inputWidth: Int, convolutionChannels: [Int], denseWidth: Int,
                dropout: Float, classes: Int, groupNormGroups: Int = 0, frontEnd: FrontEnd = .image) {
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.frontEnd = frontEnd
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

    /// A linear classifier on the band statistics of a 1×128×130 segment
    /// (mel bands in pairs: 264 features, 2,650 parameters): the model of the
    /// DP row, where the noise of a round's update grows with the parameter count.
    public static let statisticsLinear = Architecture(inputHeight: 128, inputWidth: 130, convolutionChannels: [],
                                                      denseWidth: 0, dropout: 0, classes: 10,
                                                      frontEnd: .bandStatistics(bandsPerGroup: 2))

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
        switch frontEnd {
        case .image:
            try check((1...Self.maximumBlocks).contains(convolutionChannels.count), "convolution channels",
                      "has \(convolutionChannels.count) blocks, expected 1...\(Self.maximumBlocks)")
        case .bandStatistics(let group):
            try check(convolutionChannels.isEmpty, "convolution channels",
                      "has \(convolutionChannels.count) blocks; the band-statistics front end takes none")
            try check((1...inputHeight).contains(group), "bands per group", "is \(group), expected 1...\(inputHeight)")
            try check(inputWidth >= 2, "input width", "is \(inputWidth); band statistics need at least 2 frames")
        case .embedding(let digest), .penultimateEmbedding(let digest):
            try check(convolutionChannels.isEmpty, "convolution channels",
                      "has \(convolutionChannels.count) blocks; a head on encoder embeddings takes none")
            let width = FrontEnd.embeddingBlocks.reduce(0, +)
            try check(inputHeight == 1 && inputWidth == width, "input size",
                      "is \(inputHeight)×\(inputWidth), expected one embedding of 1×\(width)")
            try check(digest.count == FrontEnd.digestSize, "encoder digest", "is \(digest.count) bytes, expected \(FrontEnd.digestSize)")
        }
        for (index, channels) in convolutionChannels.enumerated() {
            try check((1...Self.maximumChannels).contains(channels), "convolution block \(index + 1)",
                      "has \(channels) channels, expected 1...\(Self.maximumChannels)")
            if groupNormGroups > 0 {
                try check(channels % groupNormGroups == 0, "GroupNorm groups",
                          "(\(groupNormGroups)) do not divide the \(channels) channels of block \(index + 1)")
            }
        }
        try check(groupNormGroups >= 0, "GroupNorm groups", "is \(groupNormGroups), expected 0 (none) or more")
        try check((0...Self.maximumWidth).contains(denseWidth), "dense width",
                  "is \(denseWidth), expected 0 (no hidden layer) to \(Self.maximumWidth)")
        try check(dropout >= 0 && dropout < 1, "dropout", "is \(dropout), expected a probability in [0, 1)")
        try check(denseWidth > 0 || dropout == 0, "dropout", "is \(dropout) with no hidden layer to drop from; expected 0")
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

    /// Whether the trainable part is one dense layer from the front end's
    /// values to the classes (no convolution blocks, no hidden layer).
    public var isLinear: Bool { convolutionChannels.isEmpty && denseWidth == 0 }

    /// Values in one input segment, `inputHeight × inputWidth`.
    public var inputSize: Int { inputHeight * inputWidth }

    /// A one-line description, e.g. `1×128×130 → conv 16,32,64,128 → dense 64 → 10`.
    public var summary: String {
        let body: String
        switch frontEnd {
        case .image:
            let norm = groupNormGroups > 0 ? " (GroupNorm \(groupNormGroups))" : ""
            body = "conv \(convolutionChannels.map(String.init).joined(separator: ","))\(norm)"
        case .bandStatistics, .embedding, .penultimateEmbedding:
            body = "\(frontEnd.summary), \(frontEnd.outputCount(height: inputHeight, width: inputWidth)) features"
        }
        let head = denseWidth > 0 ? "dense \(denseWidth) (dropout \(dropout)) → \(classes)" : "linear → \(classes)"
        return "1×\(inputHeight)×\(inputWidth) → \(body) → \(head)"
    }
}

extension Architecture {
    /// Floating-point operations (2 per multiply-add) of one sample's forward
    /// pass through the convolution and dense layers.
    public var forwardFLOPsPerSample: Double {
        2 * Double(layers.reduce(0) { $0 + Self.multiplyAdds($1) })
    }

    /// Floating-point operations of one sample's training step through the
    /// convolution and dense layers: forward, the weight gradient (as many
    /// multiply-adds again) and the input gradient (as many again) of every
    /// such layer but the first, whose input gradient nothing consumes.
    public var trainingFLOPsPerSample: Double {
        let counts = layers.map(Self.multiplyAdds)
        let firstInputGradient = counts.first { $0 > 0 } ?? 0
        return 2 * Double(3 * counts.reduce(0, +) - firstInputGradient)
    }

    /// Multiply-adds of one sample's forward pass through `layer`.
    private static func multiplyAdds(_ layer: LayerSpec) -> Int {
        switch layer {
        case let .convolution(input, channels): channels * input.channels * 9 * input.plane
        case let .dense(inputs, outputs): inputs * outputs
        case .inputScaling, .bandStatistics, .embeddingNormalization, .groupNorm, .relu, .maxPool, .flatten, .dropout: 0
        }
    }
}

extension Architecture {
    private enum CodingKeys: String, CodingKey {
        case inputHeight, inputWidth, frontEnd, convolutionChannels, denseWidth, dropout, classes, groupNormGroups
    }

    /// Decodes an architecture; one written before front ends existed has the `.image` front end.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(inputHeight: try container.decode(Int.self, forKey: .inputHeight),
                  inputWidth: try container.decode(Int.self, forKey: .inputWidth),
                  convolutionChannels: try container.decode([Int].self, forKey: .convolutionChannels),
                  denseWidth: try container.decode(Int.self, forKey: .denseWidth),
                  dropout: try container.decode(Float.self, forKey: .dropout),
                  classes: try container.decode(Int.self, forKey: .classes),
                  groupNormGroups: try container.decode(Int.self, forKey: .groupNormGroups),
                  frontEnd: try container.decodeIfPresent(FrontEnd.self, forKey: .frontEnd) ?? .image)
    }
}
