import Audit
import DifferentialPrivacy
import ML
import Server
import Testing
import TestSupport

/// Every way a coordinator can find its output directory, decided without files or sockets:
/// start, resume (with and without the report catching up), and each refusal.
struct RunResumptionTests {
    private static let runID = String(repeating: "5a", count: 16)
    private static let architecture = FederationFixture.architecture

    /// A checkpoint of `runID` whose last attempted round is `round`, its last record that of `recorded`.
    private static func checkpoint(round: UInt64, recorded: Int?, runID: String = runID,
                                   architecture: Architecture = architecture) throws -> CoordinatorState.Metadata {
        let records = try ReportFixture().rounds
        let record = recorded.map { round in records[round - 1] }
        return .init(version: CoordinatorState.version, runID: runID,
                     run: try RunParameters(config: CoordinatorConfig.defaults(hosts: []), rosterSize: 10),
                     architecture: architecture, round: round, completedRounds: recorded ?? 0,
                     accountant: PrivacyAccountant(), lastRecord: record)
    }

    private static func report(lastRound: Int?, closed: Bool = false, runID: String = runID) -> RunResumption.ReportProgress {
        .init(runID: runID, lastRound: lastRound, isClosed: closed)
    }

    @Test func emptyDirectoryStartsANewRun() throws {
        #expect(try RunResumption.decide(checkpoint: nil, report: nil, architecture: Self.architecture, rounds: 5) == .start)
    }

    @Test func resumesTheCheckpointsRunAfterItsLastAttemptedRound() throws {
        let decision = try RunResumption.decide(checkpoint: Self.checkpoint(round: 3, recorded: 2), report: Self.report(lastRound: 2),
                                                architecture: Self.architecture, rounds: 5)
        #expect(decision == .resume(runID: Self.runID, nextRound: 4, appendLastRecord: false))
    }

    /// The coordinator died after saving the checkpoint, before appending to the report.
    @Test func reportThatMissedTheLastRoundIsCaughtUp() throws {
        let behind = try RunResumption.decide(checkpoint: Self.checkpoint(round: 2, recorded: 2), report: Self.report(lastRound: 1),
                                              architecture: Self.architecture, rounds: 5)
        #expect(behind == .resume(runID: Self.runID, nextRound: 3, appendLastRecord: true))
        let onlyRunRecord = try RunResumption.decide(checkpoint: Self.checkpoint(round: 1, recorded: 1), report: Self.report(lastRound: nil),
                                                     architecture: Self.architecture, rounds: 5)
        #expect(onlyRunRecord == .resume(runID: Self.runID, nextRound: 2, appendLastRecord: true))
    }

    /// Rounds aborted before any completed: nothing to append, the round ids go on.
    @Test func runWithoutCompletedRoundsResumesAfterTheAbortedOnes() throws {
        let decision = try RunResumption.decide(checkpoint: Self.checkpoint(round: 2, recorded: nil), report: Self.report(lastRound: nil),
                                                architecture: Self.architecture, rounds: 5)
        #expect(decision == .resume(runID: Self.runID, nextRound: 3, appendLastRecord: false))
    }

    /// A run whose rounds are all done and whose report is sealed opens (and ends at once).
    @Test func finishedAndSealedRunOpensWithNothingLeft() throws {
        let decision = try RunResumption.decide(checkpoint: Self.checkpoint(round: 3, recorded: 3), report: Self.report(lastRound: 3, closed: true),
                                                architecture: Self.architecture, rounds: 3)
        #expect(decision == .resume(runID: Self.runID, nextRound: 4, appendLastRecord: false))
    }

    @Test func sealedReportWithRoundsLeftIsRefused() throws {
        #expect(throws: RunResumption.Refusal.finished(round: 3)) {
            try RunResumption.decide(checkpoint: Self.checkpoint(round: 3, recorded: 3), report: Self.report(lastRound: 3, closed: true),
                                     architecture: Self.architecture, rounds: 5)
        }
    }

    @Test func reportWithoutCheckpointIsRefused() {
        #expect(throws: RunResumption.Refusal.reportWithoutCheckpoint) {
            try RunResumption.decide(checkpoint: nil, report: Self.report(lastRound: 2), architecture: Self.architecture, rounds: 5)
        }
    }

    @Test func checkpointWithoutReportIsRefused() {
        #expect(throws: RunResumption.Refusal.checkpointWithoutReport) {
            try RunResumption.decide(checkpoint: Self.checkpoint(round: 2, recorded: 2), report: nil, architecture: Self.architecture, rounds: 5)
        }
    }

    @Test func checkpointOfAnotherModelIsRefused() throws {
        let other = Architecture.tiny
        #expect(throws: RunResumption.Refusal.otherArchitecture(checkpoint: other, requested: Self.architecture)) {
            try RunResumption.decide(checkpoint: Self.checkpoint(round: 2, recorded: 2, architecture: other), report: Self.report(lastRound: 2),
                                     architecture: Self.architecture, rounds: 5)
        }
    }

    @Test func checkpointAndReportOfDifferentRunsAreRefused() throws {
        let other = String(repeating: "c3", count: 16)
        #expect(throws: RunResumption.Refusal.otherRun(checkpoint: Self.runID, report: other)) {
            try RunResumption.decide(checkpoint: Self.checkpoint(round: 2, recorded: 2), report: Self.report(lastRound: 2, runID: other),
                                     architecture: Self.architecture, rounds: 5)
        }
    }
}
