import Audit
import ChorusSupport
import Foundation
import SecureAgg
import Testing
import TestSupport

/// A participant process killed (SIGKILL) right after it sent its message of
/// each secure-aggregation stage: the round completes with the others through
/// dropout recovery, and the report says exactly whose update is in the sum.
struct ParticipantCrashTests {
    @Test(arguments: Stage.allCases)
    func roundCompletesWhenAParticipantIsKilledAfterAStage(stage: Stage) throws {
        let run = try CrashRun(participants: 5)
        let participants = try run.startParticipants(crashAt: [4: "participant.sent-\(stage)"])
        defer { participants.forEach { $0.kill() } }
        let coordinator = try run.startCoordinator(rounds: 1, crashAt: nil).wait()
        #expect(coordinator.result.status == 0 && !coordinator.killedBySignal, "\(coordinator.result.stderr.suffix(2000))")
        let victim = participants[4].wait()
        #expect(victim.killedBySignal && victim.result.status == SIGKILL, "participant 4 died after sending its \(stage) message")
        for participant in participants.prefix(4) {
            let ended = participant.wait()
            #expect(ended.result.status == 0, "\(ended.result.stderr.suffix(1500))")
        }
        let verification = ReportVerifier.verify(try AtomicFile.read(run.reportURL), coordinatorKey: try run.coordinatorKey())
        #expect(verification.firstProblem == nil, "\(String(describing: verification.firstProblem))")
        let round = try #require(verification.rounds.first)
        #expect(round.interruption == nil)
        // A masked vector sent before dying is in the sum (its self-mask is rebuilt from the others' shares).
        let inSum = stage.rawValue >= Stage.maskedInput.rawValue
        #expect(round.survivors == (inSum ? [0, 1, 2, 3, 4] : [0, 1, 2, 3]))
    }
}
