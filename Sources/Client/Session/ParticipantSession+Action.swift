import Federation
import SecureAgg

extension ParticipantSession {
    /// What the driver must do, in order; the session's state is already updated.
    package enum Action: Sendable {
        /// Send a frame. `answering` is the stage the frame answers (a plain update
        /// answers `.maskedInput`; nil for a decline), after which the driver may leave.
        case send(FrameKind, round: UInt64, payload: [UInt8], answering: Stage?)
        /// Train on `plan` from `parameters`, then call `updateComputed` (or `leave`).
        case computeUpdate(RoundPlan, parameters: [Float])
        /// Write `ledger` (it ends with `entry`) before the update leaves; failing stops the session.
        case saveLedger(ParticipantLedger, entry: ParticipantLedger.Entry)
        /// Keep the round's signed plan: a sum holding our update can now be seen.
        case keepReceipt([UInt8], entry: ParticipantLedger.Entry)
        /// Tell the observer (and the log) what happened.
        case report(ParticipantEvent)
        /// Close the connection: the run is over, or we left the round.
        case close(Ending)
        /// Stop the session with `error` (a plan the coordinator did not sign).
        case fail(ClientError)
        case note(Note)
    }

    /// How a connection's part of the session ends.
    package enum Ending: Sendable, Equatable { case runFinished, droppedOut }

    /// Log lines that need no other action.
    package enum Note: Sendable, Equatable {
        case unknownFrameType(UInt8)
        case participantFrameType(FrameKind)
        case messageOutsideRound(round: UInt64)
        case malformedNotice(String)
        case runEnded(message: String)
        case roundEnded(round: UInt64, Notice.Outcome, message: String)
        case updateReady(round: UInt64, loss: Double, trainingSeconds: Double)
    }
}
