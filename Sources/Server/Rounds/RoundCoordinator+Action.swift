import ChorusSupport
import Federation
import SecureAgg

extension RoundCoordinator {
    /// What the driver must do, in order. The machine has already updated its
    /// state; the driver carries the action out (network, timers, checkpoint, log).
    package enum Action: Sendable {
        /// Checkpoint the round id as spent, before any plan leaves, so a restart never reuses it.
        case spendRound
        /// Send each of `members` its signed plan, carrying `secureAggregation` (nil: a plain round).
        case sendPlans(to: [ParticipantID], secureAggregation: RoundConfiguration?)
        /// Post `deadlineElapsed(step:)` after `seconds`, replacing any earlier deadline.
        case armDeadline(step: Int, seconds: Double)
        /// Send a secure-aggregation message to a member still in the round.
        case send(ServerMessage, to: ParticipantID)
        /// Log that `peer` is dropped, and close its connection if `connected`.
        case dropPeer(ParticipantID, reason: String, connected: Bool)
        /// Account the round for `contributors` and checkpoint that, before anything
        /// that lets the aggregate be seen (the unmask requests, the last plain update).
        case commit(sampled: [ParticipantID], contributors: [ParticipantID], secureAggregation: RoundConfiguration?)
        /// A protocol step ended with `participants` still in the round (the driver times it).
        case stepEnded(name: String, participants: Int)
        /// The round's aggregate is known: decode and apply it (the round was committed).
        case complete(sum: [UInt32], survivors: [ParticipantID])
        /// The round ends without an aggregate, for `reason`.
        case abort(reason: String)
        /// Something the operator's log should say.
        case note(Note)
    }

    /// Events worth a log line that need no other action.
    package enum Note: Sendable, Equatable {
        /// Members selected but not connected when the round started.
        case absent(selected: Int, absent: Int)
        case deadlinePassed(Stage)
        case peerLeft(ParticipantID, reason: String)
        case peerDeclined(ParticipantID, reason: String)
        case frameOfAnotherRound(ParticipantID, round: UInt64)
    }

    /// What a round needs to know besides its members.
    package struct Settings: Sendable {
        package var run: RunID
        /// The update vector's length (parameters plus layout).
        package var length: Int
        /// Nil: a plain round (updates in the clear).
        package var secureAggregation: CoordinatorConfig.SecureAggregation?
        /// Every roster entry's key by participant id.
        package var identities: [Ed25519PublicKey]
        /// Seed of the sparse graph (from the driver's secure randomness).
        package var graphSeed: [UInt8]
        /// Contributors whose noise the run promised: fewer never see their aggregate unmasked.
        package var minimumSurvivors: Int
        package var trainingDeadline: Double
        package var stageDeadline: Double

        package init(run: RunID, length: Int, secureAggregation: CoordinatorConfig.SecureAggregation?,
                     identities: [Ed25519PublicKey], graphSeed: [UInt8], minimumSurvivors: Int,
                     trainingDeadline: Double, stageDeadline: Double) {
            self.run = run
            self.length = length
            self.secureAggregation = secureAggregation
            self.identities = identities
            self.graphSeed = graphSeed
            self.minimumSurvivors = minimumSurvivors
            self.trainingDeadline = trainingDeadline
            self.stageDeadline = stageDeadline
        }
    }

    /// The name of a protocol step in stage timings.
    static func stepName(_ stage: Stage?, step: Int) -> String {
        if step == 0 { return "plan+train" }
        return switch stage {
        case .advertiseKeys: "advertise-keys"
        case .shareKeys: "share-keys"
        case .maskedInput: "masked-input"
        case .consistencyCheck: "consistency"
        case .unmask: "unmask"
        case nil: "done"
        }
    }
}
