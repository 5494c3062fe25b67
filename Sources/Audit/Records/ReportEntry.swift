/// What one line of a privacy report holds before it is signed: its place in
/// the chain and either the run record (line 0), a round record, or the closing record (last line of a finished run).
public struct ReportEntry: Codable, Sendable, Equatable {
    /// The record's index in the report, from 0.
    public var sequence: Int
    /// SHA-256 (hex) of the previous line's bytes; 64 zeros for the first.
    public var previousHash: String
    /// Exactly one of `run` (first record), `round` (the records in between) and
    /// `close` (the last record of a finished run) is set.
    public var run: ReportRunRecord?
    public var round: ReportRoundRecord?
    public var close: ReportClosingRecord?

    public init(sequence: Int, previousHash: String, run: ReportRunRecord? = nil, round: ReportRoundRecord? = nil,
                close: ReportClosingRecord? = nil) {
        self.sequence = sequence
        self.previousHash = previousHash
        self.run = run
        self.round = round
        self.close = close
    }

    /// The previous hash of the first record.
    public static let genesisHash = String(repeating: "0", count: 64)

    enum CodingKeys: String, CodingKey {
        case sequence = "seq", previousHash = "prev_hash", run, round, close
    }
}
