import Federation

/// What one round did, for the operator's table and benchmarks.
public struct RoundSummary: Sendable {
    public enum Outcome: Sendable, Equatable {
        case completed
        /// The round ended without an aggregate; nothing about any update was used.
        case aborted(reason: String)
    }

    public var round: UInt64
    public var outcome: Outcome
    /// Participants sent a plan, and those whose updates are in the sum.
    public var sampled: Int
    public var survivors: Int
    /// Segment accuracy and loss of the new model on the held-out set.
    public var testAccuracy: Double?
    public var testLoss: Double?
    /// The participants' noised counts on their held-out clips, of the model the
    /// round started from (nil unless they evaluate, `FederatedEvaluation`).
    public var federated: NoisedEvaluationCounts?
    /// Epsilon at the run's delta after this round (nil with DP off).
    public var epsilon: Double?
    /// Wall seconds of each protocol step, in order: ("plan+train+advertise", ...).
    public var stageSeconds: [(name: String, seconds: Double)]
    /// Participants still in the round at the end of each protocol step, in order.
    public var stageParticipants: [(name: String, count: Int)] = []
    /// Wall seconds of the whole round, plans to checkpoint.
    public var seconds: Double
}

/// What the coordinator reports to an observer (tests and benchmarks).
public enum CoordinatorEvent: Sendable {
    /// The unmasked sum of round `round` (before decoding), with its survivors.
    case aggregate(round: UInt64, sum: [UInt32], survivors: [UInt32])
}
