/// The last record of a finished run's report: how many rounds it recorded and
/// why the run ended. A report without one may have lost its tail (records
/// dropped from the end leave every signature and link intact), so an auditor
/// treats it as unsealed.
public struct ReportClosingRecord: Codable, Sendable, Equatable {
    /// Round records before this one.
    public var rounds: Int
    /// Why the run ended ("all 20 rounds done", a budget refusal).
    public var reason: String
    /// When, ISO 8601.
    public var closedAt: String

    public init(rounds: Int, reason: String, closedAt: String) {
        self.rounds = rounds
        self.reason = reason
        self.closedAt = closedAt
    }

    enum CodingKeys: String, CodingKey {
        case rounds, reason, closedAt = "closed_at"
    }
}
