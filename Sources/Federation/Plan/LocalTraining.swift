import ML

/// How a participant trains in a round: E epochs from the global model with
/// the given optimizer (its learning rate is this round's, after the run's
/// schedule), mini-batch size and augmentation. The seed is the round's; each
/// participant mixes in its own id so shuffles differ. With `contribution`
/// `.classStatistics` nothing is trained: the participant releases its class
/// statistics instead (the other fields are then unused).
public struct LocalTraining: Sendable, Equatable {
    public var epochs: Int
    public var batchSize: Int
    public var optimizer: Optimizer
    public var seed: UInt64
    /// Time shifts and SpecAugment masks of local batches (`.off`: none).
    public var augmentation: Augmentation
    /// What the participant releases: its trained update, or its class statistics.
    public var contribution: Contribution

    public init(epochs: Int, batchSize: Int, optimizer: Optimizer, seed: UInt64, augmentation: Augmentation = .off,
                contribution: Contribution = .modelUpdate) {
        self.contribution = contribution
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.seed = seed
        self.augmentation = augmentation
    }

    static let maximumEpochs = 1000
    static let maximumBatch = 1 << 16
    /// Bound of each augmentation field on the wire (the largest input side).
    static let maximumAugmentation = 4096

    func encode(into writer: inout PayloadWriter) {
        writer.append(UInt32(truncatingIfNeeded: epochs))
        writer.append(UInt32(truncatingIfNeeded: batchSize))
        writer.append(seed)
        switch optimizer {
        case let .sgd(rate, momentum, decay):
            writer.append(UInt8(0))
            for value in [rate, momentum, decay] { writer.append(value) }
        case let .adam(rate, beta1, beta2, epsilon, decay):
            writer.append(UInt8(1))
            for value in [rate, beta1, beta2, epsilon, decay] { writer.append(value) }
        }
        for value in [augmentation.maximumShift, augmentation.timeMasks, augmentation.timeMaskWidth,
                      augmentation.frequencyMasks, augmentation.frequencyMaskWidth] {
            writer.append(UInt32(truncatingIfNeeded: value))
        }
        writer.append(contribution.wireValue)
    }

    init(from reader: inout PayloadReader) throws(FederationError) {
        epochs = try reader.readCount(field: "plan.training.epochs", limit: Self.maximumEpochs)
        batchSize = try reader.readCount(field: "plan.training.batch", limit: Self.maximumBatch)
        guard epochs >= 1, batchSize >= 1 else {
            throw .invalidField(field: "plan.training", reason: "epochs \(epochs) and batch \(batchSize) must be at least 1")
        }
        seed = try reader.read(UInt64.self, field: "plan.training.seed")
        let kind = try reader.read(UInt8.self, field: "plan.training.optimizer")
        switch kind {
        case 0:
            optimizer = .sgd(learningRate: try reader.readFloat(field: "plan.training.sgd"),
                             momentum: try reader.readFloat(field: "plan.training.sgd"),
                             weightDecay: try reader.readFloat(field: "plan.training.sgd"))
        case 1:
            optimizer = .adam(learningRate: try reader.readFloat(field: "plan.training.adam"),
                              beta1: try reader.readFloat(field: "plan.training.adam"),
                              beta2: try reader.readFloat(field: "plan.training.adam"),
                              epsilon: try reader.readFloat(field: "plan.training.adam"),
                              weightDecay: try reader.readFloat(field: "plan.training.adam"))
        default:
            throw .invalidField(field: "plan.training.optimizer", reason: "unknown optimizer \(kind)")
        }
        do {
            try optimizer.validate()
        } catch {
            throw .invalidField(field: "plan.training.optimizer", reason: "\(error)")
        }
        func count(_ name: String) throws(FederationError) -> Int {
            try reader.readCount(field: "plan.training.augmentation.\(name)", limit: Self.maximumAugmentation)
        }
        augmentation = Augmentation(maximumShift: try count("shift"), timeMasks: try count("time_masks"),
                                    timeMaskWidth: try count("time_mask_width"), frequencyMasks: try count("frequency_masks"),
                                    frequencyMaskWidth: try count("frequency_mask_width"))
        contribution = try Contribution(wireValue: try reader.read(UInt8.self, field: "plan.training.contribution"))
    }
}
