/// Settings of one training run.
public struct TrainingOptions: Sendable, Equatable, Hashable {
    /// Passes over the training set (at most; early stopping may end sooner).
    public var epochs: Int
    /// Segments per gradient step (the last batch of an epoch may be smaller).
    public var batchSize: Int
    /// The update rule and its base learning rate.
    public var optimizer: Optimizer
    /// How the learning rate changes per epoch.
    public var schedule: LearningRateSchedule
    /// Seeds the batch order and dropout masks: the same seed, network and data
    /// give the same run.
    public var seed: UInt64
    /// Stop after this many epochs without a lower validation loss, restoring
    /// the best epoch's parameters; nil trains every epoch. Needs a validation set.
    public var earlyStoppingPatience: Int?
    /// Random time shifts and SpecAugment masks applied to each training batch
    /// (never to validation); `.off` trains on the segments as they are.
    public var augmentation: Augmentation

    public init(epochs: Int = 10, batchSize: Int = 32, optimizer: Optimizer = .adam(learningRate: 1e-3),
                schedule: LearningRateSchedule = .constant, seed: UInt64 = 0, earlyStoppingPatience: Int? = nil,
                augmentation: Augmentation = .off) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.schedule = schedule
        self.seed = seed
        self.earlyStoppingPatience = earlyStoppingPatience
        self.augmentation = augmentation
    }

    /// - Throws: `MLError.invalidOption` naming the setting out of range.
    public func validate() throws(MLError) {
        guard epochs >= 1 else { throw MLError.invalidOption(field: "epochs", reason: "is \(epochs), expected at least 1") }
        guard (1...NetworkWorkspace.maximumBatch).contains(batchSize) else {
            throw MLError.invalidOption(field: "batch size", reason: "is \(batchSize), expected 1...\(NetworkWorkspace.maximumBatch)")
        }
        if let patience = earlyStoppingPatience, patience < 1 {
            throw MLError.invalidOption(field: "early-stopping patience", reason: "is \(patience), expected at least 1 epoch")
        }
        try optimizer.validate()
        try schedule.validate()
    }
}
