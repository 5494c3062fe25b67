import ChorusSupport
import Foundation
import SecureAgg

/// Appends signed, hash-chained records to a privacy report (JSON Lines).
///
/// Every append rewrites the file atomically (temporary file, fsync, rename),
/// so a crash leaves the report as it was before the append or after it, and
/// a restarted coordinator resumes with `resume(at:signingKey:)`.
public struct PrivacyReportWriter {
    /// The report file.
    public let url: URL
    /// The run id its run record states.
    public let runID: String
    private let signingKey: Ed25519SigningKey
    private var contents: [UInt8]
    private var lastHash: String
    /// The number of records written so far, the run record included.
    public private(set) var records: Int
    /// The round id of the last round record, or nil when only the run record is there.
    public private(set) var lastRound: Int?
    /// Round records written so far.
    public private(set) var rounds: Int
    /// Whether the closing record is written: nothing more may be appended.
    public private(set) var isClosed: Bool

    /// Starts a new report at `url` with its run record.
    /// - Throws: `AuditError.file` if the file exists or cannot be written.
    public static func create(at url: URL, run: ReportRunRecord,
                              signingKey: Ed25519SigningKey) throws(AuditError) -> PrivacyReportWriter {
        var writer = PrivacyReportWriter(url: url, runID: run.runID, signingKey: signingKey, contents: [], lastHash: ReportEntry.genesisHash,
                                         records: 0, lastRound: nil, rounds: 0, isClosed: false)
        try writer.write(ReportEntry(sequence: 0, previousHash: ReportEntry.genesisHash, run: run), overwrite: false)
        return writer
    }

    /// Reopens an existing report to append to it, after checking that its
    /// records are signed by `signingKey` and chained.
    /// - Throws: `AuditError.cannotAppend` naming the first problem found.
    public static func resume(at url: URL, signingKey: Ed25519SigningKey) throws(AuditError) -> PrivacyReportWriter {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(url) } catch { throw .file(path: url.path, reason: error.description) }
        let verification = ReportVerifier.verify(bytes, coordinatorKey: signingKey.publicKey, recomputeEpsilon: false)
        if let problem = verification.firstProblem {
            throw .cannotAppend(path: url.path, reason: problem.description)
        }
        let lastLine = bytes.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).last ?? []
        guard let run = verification.run else { throw .cannotAppend(path: url.path, reason: "no run record") }
        return PrivacyReportWriter(url: url, runID: run.runID, signingKey: signingKey, contents: bytes, lastHash: SignedLine.hash(lastLine),
                                   records: verification.records, lastRound: verification.rounds.last?.round,
                                   rounds: verification.rounds.count, isClosed: verification.closing != nil)
    }

    private init(url: URL, runID: String, signingKey: Ed25519SigningKey, contents: [UInt8], lastHash: String,
                 records: Int, lastRound: Int?, rounds: Int, isClosed: Bool) {
        self.url = url
        self.runID = runID
        self.signingKey = signingKey
        self.contents = contents
        self.lastHash = lastHash
        self.records = records
        self.lastRound = lastRound
        self.rounds = rounds
        self.isClosed = isClosed
    }

    /// Appends a round record.
    /// - Throws: `AuditError.cannotAppend` if its round id does not follow the
    ///   last one (a round is never recorded twice), `.file` if writing fails.
    public mutating func append(_ round: ReportRoundRecord) throws(AuditError) {
        guard !isClosed else { throw .cannotAppend(path: url.path, reason: "the run is closed: its report ends with a closing record") }
        if let lastRound, round.round <= lastRound {
            throw .cannotAppend(path: url.path, reason: "round \(round.round) is not after the last recorded round \(lastRound)")
        }
        try write(ReportEntry(sequence: records, previousHash: lastHash, round: round), overwrite: true)
        lastRound = round.round
        rounds += 1
    }

    /// Seals the report with its closing record (once; later calls do nothing): an
    /// auditor then knows no round was cut from its end.
    public mutating func close(reason: String, at date: String) throws(AuditError) {
        guard !isClosed else { return }
        try write(ReportEntry(sequence: records, previousHash: lastHash,
                              close: ReportClosingRecord(rounds: rounds, reason: reason, closedAt: date)), overwrite: true)
        isClosed = true
    }

    /// Appends `round` unless the report already records it (a writer that
    /// checkpointed the record but died before appending it catches up here).
    /// - Returns: whether it was appended.
    public mutating func appendIfMissing(_ round: ReportRoundRecord) throws(AuditError) -> Bool {
        if let lastRound, round.round <= lastRound { return false }
        try append(round)
        return true
    }

    private mutating func write(_ entry: ReportEntry, overwrite: Bool) throws(AuditError) {
        let line: [UInt8]
        do { line = try SignedLine.encode(entry, signedBy: signingKey) } catch {
            throw .file(path: url.path, reason: "cannot encode record \(entry.sequence): \(error)")
        }
        let updated = contents + line + [UInt8(ascii: "\n")]
        do {
            try AtomicFile.write(updated, to: url, permissions: 0o644, overwrite: overwrite)
        } catch {
            throw .file(path: url.path, reason: error.description)
        }
        contents = updated
        lastHash = SignedLine.hash(line)
        records += 1
    }
}
