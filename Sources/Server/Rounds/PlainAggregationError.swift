import Federation
import SecureAgg

/// Why a plain (unmasked) round drops a participant or ends without a sum.
package enum PlainAggregationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A second update from the same participant in one round.
    case duplicateUpdate(peer: ParticipantID)
    /// An update that does not decode to the round's vector length.
    case malformedUpdate(peer: ParticipantID, FederationError)
    /// No update from this participant before the deadline of `stage` (a plain round's only
    /// stage is `.maskedInput`, named as SecureAgg names it so logs read alike).
    case missedDeadline(peer: ParticipantID, stage: Stage)
    /// The stage ended with no update at all.
    case noUpdates

    package var description: String {
        switch self {
        case .duplicateUpdate(let peer): "participant \(peer) sent a second plain update"
        case .malformedUpdate(let peer, let error): "participant \(peer) sent a malformed plain update: \(error)"
        case .missedDeadline(let peer, let stage): "participant \(peer) sent no update before the \(stage) deadline"
        case .noUpdates: "no participant sent an update"
        }
    }
}
