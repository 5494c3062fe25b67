/// One layer of an `Architecture`, with the per-sample shapes it maps between.
/// The architecture expands to this list; `Network` initialises parameters
/// from it and `NetworkWorkspace` builds the layer objects from it, so both
/// agree on the order and offsets of the flat parameter vector.
package enum LayerSpec: Sendable, Equatable {
    /// dB values mapped from [-80, 0] to [-1, 1] (`InputScaling`).
    case inputScaling(shape: Shape)
    /// The `.bandStatistics` front end: a 1×H×W segment to `N × features` rows (`BandStatistics`).
    case bandStatistics(input: Shape, bandsPerGroup: Int)
    /// The embedding front ends: the row's first `skipped` values dropped, each following block scaled to unit RMS
    /// (`EmbeddingNormalization`).
    case embeddingNormalization(skipped: Int, blocks: [Int])
    case convolution(input: Shape, outputChannels: Int)
    case groupNorm(shape: Shape, groups: Int)
    case relu(shape: Shape)
    /// 2×2 max-pool; `rectified` fuses the ReLU before it (`max(0, ·)` of the window maximum).
    case maxPool(input: Shape, rectified: Bool)
    case flatten(input: Shape)
    case dense(inputs: Int, outputs: Int)
    case dropout(features: Int, rate: Float)

    package var inputShape: Shape {
        switch self {
        case let .convolution(input, _), let .maxPool(input, _), let .flatten(input), let .bandStatistics(input, _): input
        case let .groupNorm(shape, _), let .relu(shape), let .inputScaling(shape): shape
        case let .dense(inputs, _): .vector(inputs)
        case let .dropout(features, _): .vector(features)
        case let .embeddingNormalization(skipped, blocks): Shape(channels: 1, height: 1, width: skipped + blocks.reduce(0, +))
        }
    }

    package var outputShape: Shape {
        switch self {
        case let .convolution(input, channels):
            Shape(channels: channels, height: input.height, width: input.width)
        case let .groupNorm(shape, _), let .relu(shape), let .inputScaling(shape): shape
        case let .maxPool(input, _):
            Shape(channels: input.channels, height: input.height / 2, width: input.width / 2)
        case let .flatten(input): .vector(input.count)
        case let .bandStatistics(input, group):
            .vector(FrontEnd.bandStatistics(bandsPerGroup: group).outputCount(height: input.height, width: input.width))
        case let .dense(_, outputs): .vector(outputs)
        case let .dropout(features, _): .vector(features)
        case let .embeddingNormalization(_, blocks): .vector(blocks.reduce(0, +))
        }
    }

    /// Weights then biases (convolution: `out × in × 3 × 3`, dense: `out × in`,
    /// PyTorch's order); GroupNorm: scales then shifts.
    var parameterCountReportingOverflow: (value: Int, overflow: Bool) {
        switch self {
        case let .convolution(input, channels):
            let (perFilter, o1) = input.channels.multipliedReportingOverflow(by: 9)
            let (weights, o2) = perFilter.multipliedReportingOverflow(by: channels)
            let (total, o3) = weights.addingReportingOverflow(channels)
            return (total, o1 || o2 || o3)
        case let .groupNorm(shape, _): return (2 * shape.channels, false)
        case let .dense(inputs, outputs):
            let (weights, o1) = inputs.multipliedReportingOverflow(by: outputs)
            let (total, o2) = weights.addingReportingOverflow(outputs)
            return (total, o1 || o2)
        case .inputScaling, .bandStatistics, .embeddingNormalization, .relu, .maxPool, .flatten, .dropout: return (0, false)
        }
    }

    package var parameterCount: Int { parameterCountReportingOverflow.value }
}

extension Architecture {
    /// The layers in order, input to logits (softmax is part of the loss).
    package var layers: [LayerSpec] {
        var shape = Shape(channels: 1, height: inputHeight, width: inputWidth)
        var specs: [LayerSpec]
        switch frontEnd {
        case .image: specs = [.inputScaling(shape: shape)]
        case .bandStatistics(let group): specs = [.bandStatistics(input: shape, bandsPerGroup: group)]
        case .embedding, .penultimateEmbedding:
            let layout = frontEnd.embeddingLayout ?? (0, [])
            specs = [.embeddingNormalization(skipped: layout.skipped, blocks: layout.blocks)]
        }
        for channels in convolutionChannels {
            specs.append(.convolution(input: shape, outputChannels: channels))
            shape.channels = channels
            if groupNormGroups > 0 { specs.append(.groupNorm(shape: shape, groups: groupNormGroups)) }
            // ReLU then max-pool, fused: max∘ReLU = ReLU∘max, and one pass instead of two.
            specs.append(.maxPool(input: shape, rectified: true))
            shape = Shape(channels: channels, height: shape.height / 2, width: shape.width / 2)
        }
        if case .image = frontEnd { specs.append(.flatten(input: shape)) }
        // Flatten's or the band statistics' output: the head's input.
        var features = specs[specs.count - 1].outputShape.count
        if denseWidth > 0 {
            specs.append(.dense(inputs: features, outputs: denseWidth))
            specs.append(.relu(shape: .vector(denseWidth)))
            if dropout > 0 { specs.append(.dropout(features: denseWidth, rate: dropout)) }
            features = denseWidth
        }
        specs.append(.dense(inputs: features, outputs: classes))
        return specs
    }
}
