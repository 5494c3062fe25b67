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
}
