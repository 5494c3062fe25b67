/// What one line of a privacy report holds before it is signed: its place in
/// the chain and either the run record (line 0) or a round record.
public struct ReportEntry: Codable, Sendable, Equatable {
    /// The record's index in the report, from 0.
    public var sequence: Int
    /// SHA-256 (hex) of the previous line's bytes; 64 zeros for the first.
    public var previousHash: String
    /// Exactly one of `run` (first record) and `round` (every later record) is set.
    public var run: ReportRunRecord?
    public var round: ReportRoundRecord?

    public init(sequence: Int, previousHash: String, run: ReportRunRecord? = nil, round: ReportRoundRecord? = nil) {
        self.sequence = sequence
        self.previousHash = previousHash
        self.run = run
        self.round = round
    }

    /// The previous hash of the first record.
    public static let genesisHash = String(repeating: "0", count: 64)

    enum CodingKeys: String, CodingKey {
        case sequence = "seq", previousHash = "prev_hash", run, round
    }
}
