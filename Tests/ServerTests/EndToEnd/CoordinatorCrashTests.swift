import Audit
import ChorusSupport
import DifferentialPrivacy
import Federation
import Foundation
import ML
import SecureAgg
import Server
import Testing
import TestSupport

/// The coordinator is killed (SIGKILL, through a crash point) at one moment of
/// round 2 and restarted on the same directory; its participants, real
/// `chorus participant join` processes, reconnect. Whatever the moment: the
/// run finishes, no round id is used twice, every round whose aggregate could
/// be seen is in the report (so epsilon is never under-reported), the report
/// verifies, and the model on disk is the one the report ends with.
struct CoordinatorCrashTests {
    enum Moment: String, CaseIterable, CustomTestStringConvertible {
        /// Plans sent, participants training: nothing released yet.
        case plansSent = "coordinator.plans-sent"
        /// Round committed (accounted, checkpointed) just before the unmask requests.
        case aggregateExposed = "coordinator.aggregate-exposed"
        /// Update applied in memory, checkpoint not yet written.
        case updateApplied = "coordinator.update-applied"
        /// Checkpoint written, report record not yet appended.
        case checkpointed = "coordinator.checkpointed"
        /// Round 2's final checkpoint write torn half-way (its 7th write: the first
        /// checkpoint, then three per round: attempt, commit, result).
        case checkpointTorn = "atomic-write:checkpoint.bin"

        var crashAt: String { self == .checkpointTorn ? "\(rawValue)#7" : "\(rawValue)#2" }
        var testDescription: String { rawValue }

        /// What the report must say of round 2 after the restart.
        var roundTwo: RoundTwo {
            switch self {
            case .plansSent: .absent
            case .aggregateExposed, .updateApplied, .checkpointTorn: .accountedNotApplied
            case .checkpointed: .applied
            }
        }
    }

    enum RoundTwo { case absent, accountedNotApplied, applied }

    @Test(arguments: Moment.allCases)
    func killedCoordinatorResumesWithoutLosingOrDoubleCountingARound(moment: Moment) throws {
        let run = try CrashRun(participants: 4)
        let participants = try run.startParticipants()
        defer { participants.forEach { $0.kill() } }

        let crashed = try run.startCoordinator(crashAt: moment.crashAt).wait()
        #expect(crashed.killedBySignal && crashed.result.status == SIGKILL,
                "the coordinator died at \(moment.crashAt): \(crashed.result.stderr.suffix(2000))")
        // The checkpoint on disk is whole (a torn write left only a temporary file beside it).
        let survivor = try CoordinatorState.load(from: run.checkpointURL)
        #expect(survivor.metadata.round == 2, "round 2 was attempted before the crash")
        if moment == .checkpointTorn { #expect(!run.temporaryFiles().isEmpty, "the torn write left its temporary file") }

        let resumed = try run.startCoordinator(crashAt: nil).wait()
        // A run that applied fewer rounds than asked ends non-zero, saying so.
        let applied = moment.roundTwo == .applied
        #expect(!resumed.killedBySignal && (resumed.result.status == 0) == applied, "restart: \(resumed.result.stderr.suffix(2000))")
        if !applied {
            #expect(resumed.result.stderr.contains("applied 2 of 3 rounds; 1 round aborted or cut short by a restart"),
                    "\(resumed.result.stderr.suffix(500))")
        }
        for participant in participants {
            let ended = participant.wait()
            #expect(ended.result.status == 0, "participant: \(ended.result.stderr.suffix(1500))")
        }
        #expect(run.temporaryFiles().isEmpty, "the restart removed abandoned temporary files")

        let verification = ReportVerifier.verify(try AtomicFile.read(run.reportURL), coordinatorKey: try run.coordinatorKey())
        #expect(verification.firstProblem == nil, "\(String(describing: verification.firstProblem))")
        let rounds = verification.rounds
        switch moment.roundTwo {
        case .absent:
            #expect(rounds.map(\.round) == [1, 3])
        case .accountedNotApplied:
            #expect(rounds.map(\.round) == [1, 2, 3])
            #expect(rounds.count == 3 && rounds[1].interruption != nil && rounds[1].modelAfter == rounds[1].modelBefore)
        case .applied:
            #expect(rounds.map(\.round) == [1, 2, 3])
            #expect(rounds.allSatisfy { $0.interruption == nil })
        }
        // Every accounted round is in the report, and the last epsilon covers them all
        // (the verifier recomputed it from the records).
        let final = try CoordinatorState.load(from: run.checkpointURL)
        #expect(final.metadata.round == 3)
        #expect(final.metadata.lastRecord == rounds.last)
        var accountant = PrivacyAccountant()
        let mechanism = try #require(try verification.run?.quantization?.mechanism())
        for round in rounds {
            try accountant.addRound(of: mechanism, sampling: .poisson(rate: 1), noisySurvivors: round.privacy.noisySurvivors)
        }
        #expect(try accountant.epsilon(delta: 1e-5, accountant: .rdp) == final.metadata.accountant.epsilon(delta: 1e-5, accountant: .rdp))
        // No model lost: the model file and the checkpoint hold the model the report ends with.
        let model = try ModelFile.load(from: run.modelURL)
        #expect(Hex.encode(PlanMessage.modelHash(model.network.parameters)) == rounds.last?.modelAfter)
        #expect(Hex.encode(PlanMessage.modelHash(final.parameters)) == rounds.last?.modelAfter)
    }
}
