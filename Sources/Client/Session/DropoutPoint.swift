import SecureAgg

/// Where in a round a participant drops out.
public enum DropoutPoint: Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// After the plan arrives, before sending anything.
    case beforeAdvertising
    /// Right after sending the message of a secure-aggregation stage
    /// (`.maskedInput` is also the point after a plain update).
    case afterAdvertising, afterSharing, afterMaskedInput, afterConsistency

    /// The point after sending `stage`'s message.
    static func after(_ stage: Stage) -> DropoutPoint? {
        switch stage {
        case .advertiseKeys: .afterAdvertising
        case .shareKeys: .afterSharing
        case .maskedInput: .afterMaskedInput
        case .consistencyCheck: .afterConsistency
        case .unmask: nil
        }
    }

    public var description: String {
        switch self {
        case .beforeAdvertising: "before advertising keys"
        case .afterAdvertising: "after advertising keys"
        case .afterSharing: "after sharing keys"
        case .afterMaskedInput: "after sending its masked input"
        case .afterConsistency: "after the consistency check"
        }
    }
}

/// Decides, as each round starts, whether and where the participant leaves it
/// on purpose: the simulated dropouts of `chorus simulate --participant-dropout`.
/// The participant's session learns it as its `leave(at:)` event.
package protocol RoundDepartures: Sendable {
    /// The point to leave the next round at, or nil to stay. Plain rounds have
    /// two points: before sending and after sending the update.
    mutating func departure(secure: Bool) -> DropoutPoint?
}
