import ML

/// How a coordinator opens its output directory, decided from what is there (the
/// checkpoint's metadata, the report's progress) and what the operator asked for (the
/// model, the number of rounds). Pure: `Coordinator.openRun` reads the files and
/// carries the decision out, so every resume and refusal case is tested without
/// files, keys or sockets.
package enum RunResumption: Equatable, Sendable {
    /// Neither checkpoint nor report: a new run, with a fresh run id, from round 1.
    case start
    /// The checkpoint's run goes on under its own run id from `nextRound`;
    /// `appendLastRecord` when the report missed the checkpoint's last round record
    /// (the coordinator died between saving the checkpoint and appending to the report).
    case resume(runID: String, nextRound: UInt64, appendLastRecord: Bool)

    /// A report found on disk, after its signatures and chain were checked.
    package struct ReportProgress: Equatable, Sendable {
        /// The run id of the report's run record.
        package var runID: String
        /// The round id of its last round record; nil when it holds only the run record.
        package var lastRound: Int?
        /// Whether its closing record is written.
        package var isClosed: Bool

        package init(runID: String, lastRound: Int?, isClosed: Bool) {
            self.runID = runID
            self.lastRound = lastRound
            self.isClosed = isClosed
        }
    }

    /// Why the directory cannot be opened for the run asked for.
    package enum Refusal: Error, Equatable, Sendable {
        /// A report without a checkpoint: starting would put a second run over it.
        case reportWithoutCheckpoint
        /// A checkpoint without its report: resuming would lose the report's chain.
        case checkpointWithoutReport
        /// The checkpoint holds a run of another model than the one asked for.
        case otherArchitecture(checkpoint: Architecture, requested: Architecture)
        /// The checkpoint and the report belong to different runs.
        case otherRun(checkpoint: String, report: String)
        /// The report is sealed although the run's rounds are not all done.
        case finished(round: UInt64)
    }

    /// The decision for a directory holding `checkpoint` and `report` (nil: no such file).
    /// - Throws: `Refusal` when neither starting nor resuming is safe.
    package static func decide(checkpoint: CoordinatorState.Metadata?, report: ReportProgress?,
                               architecture: Architecture, rounds: Int) throws(Refusal) -> RunResumption {
        guard let checkpoint else {
            guard report == nil else { throw .reportWithoutCheckpoint }
            return .start
        }
        guard checkpoint.architecture == architecture else {
            throw .otherArchitecture(checkpoint: checkpoint.architecture, requested: architecture)
        }
        guard let report else { throw .checkpointWithoutReport }
        guard report.runID == checkpoint.runID else { throw .otherRun(checkpoint: checkpoint.runID, report: report.runID) }
        if report.isClosed, checkpoint.round < UInt64(max(rounds, 0)) { throw .finished(round: checkpoint.round) }
        let missing = checkpoint.lastRecord.map { record in report.lastRound.map { record.round > $0 } ?? true } ?? false
        return .resume(runID: checkpoint.runID, nextRound: checkpoint.round + 1, appendLastRecord: missing)
    }
}
