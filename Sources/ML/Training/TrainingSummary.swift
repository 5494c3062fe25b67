/// What happened in one epoch.
public struct EpochStatistics: Sendable, Equatable {
    /// 0-based epoch number.
    public var epoch: Int
    /// Learning rate used in this epoch.
    public var learningRate: Float
    /// Mean cross-entropy (nats) over the epoch's training segments, with dropout on.
    public var trainLoss: Double
    /// Fraction of training segments whose arg-max was right while training.
    public var trainAccuracy: Double
    /// Mean and largest L2 norm of the mini-batch gradient (before weight decay).
    public var meanGradientNorm: Double
    public var maxGradientNorm: Double
    /// Validation loss and segment accuracy after the epoch, when a validation set was given.
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    /// Wall time of the epoch (training and validation), seconds.
    public var seconds: Double
}

/// The outcome of `Trainer.train`.
public struct TrainingSummary: Sendable, Equatable {
    /// One entry per epoch run.
    public var epochs: [EpochStatistics]
    /// The epoch whose parameters the network holds now: the one with the
    /// lowest validation loss when early stopping was on, otherwise the last.
    public var bestEpoch: Int
    /// Whether early stopping ended the run before the last epoch.
    public var stoppedEarly: Bool
    /// Training segments processed per second over the whole run.
    public var samplesPerSecond: Double
}

/// Progress reports `Trainer.train` sends while it runs (for progress bars and logs).
public enum TrainingProgress: Sendable {
    /// `done` of `total` batches of `epoch` finished.
    case batch(epoch: Int, done: Int, total: Int)
    /// An epoch finished.
    case epoch(EpochStatistics)
}
