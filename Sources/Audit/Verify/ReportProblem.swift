/// The first thing found wrong in a privacy report.
public struct ReportProblem: Sendable, Equatable, CustomStringConvertible {
    /// The record's index (0 is the run record).
    public var record: Int
    /// What is wrong, in words an auditor can act on.
    public var reason: String

    public init(record: Int, reason: String) {
        self.record = record
        self.reason = reason
    }

    public var description: String { "record \(record): \(reason)" }
}

/// The verdict on a privacy report, with what was read, for rendering.
public struct ReportVerification: Sendable {
    /// True only when every signature, link and recomputation holds.
    public var valid: Bool { firstProblem == nil }
    /// Records read before the first problem (all of them when valid).
    public var records: Int
    /// The first problem, or nil.
    public var firstProblem: ReportProblem?
    /// The run record, when record 0 could be read.
    public var run: ReportRunRecord?
    /// The round records read before the first problem.
    public var rounds: [ReportRoundRecord]
    /// The closing record, or nil when the report is unsealed (a run still going, or a dropped tail).
    public var closing: ReportClosingRecord?
    /// Epsilon against a reader of this report, which names every round's participants:
    /// the worst participant's rounds composed without amplification. Nil without DP or
    /// when epsilon was not recomputed.
    public var disclosedSample: DisclosedSampleEpsilon?
}

/// What a report costs the participant it exposes most, once its sample lists are read.
///
/// The rounds' epsilon claims amplification by sampling, which holds only for someone
/// who does not know who was sampled: the model, released alone. The report lists each
/// round's sampled and surviving participants, so against its readers (as against the
/// coordinator) a participant's rounds count at sampling rate 1, and only the rounds
/// whose sum its update went into count at all.
public struct DisclosedSampleEpsilon: Sendable, Equatable {
    /// The largest epsilon over the participants, at the run's delta.
    public var epsilon: Double
    /// The participant it belongs to (the lowest id among equals).
    public var participant: UInt32
    /// The rounds that participant's update went into.
    public var rounds: Int
}
