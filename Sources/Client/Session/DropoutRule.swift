import ChorusSupport
import SecureAgg

/// When a participant deliberately closes its connection in the middle of a
/// round, to test and demonstrate that rounds survive dropouts. Real
/// participants use `.never`.
public enum DropoutRule: Sendable, Equatable {
    case never
    /// In every round, at `point`.
    case always(DropoutPoint)
    /// In each round with this probability, at a point drawn uniformly (seeded).
    case random(probability: Double, seed: UInt64)
}

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

/// Draws each round's dropout point from a `DropoutRule`.
struct DropoutSchedule {
    let rule: DropoutRule
    private var generator: SeededGenerator

    init(rule: DropoutRule) {
        self.rule = rule
        if case let .random(_, seed) = rule {
            generator = SeededGenerator(seed: seed)
        } else {
            generator = SeededGenerator(seed: 0)
        }
    }

    /// The point to drop at in the next round, or nil to stay. Plain rounds
    /// have two points: before sending and after sending the update.
    mutating func nextRound(secure: Bool) -> DropoutPoint? {
        switch rule {
        case .never: return nil
        case .always(let point): return point
        case .random(let probability, _):
            guard Double.random(in: 0..<1, using: &generator) < probability else { return nil }
            let points: [DropoutPoint] = secure ? DropoutPoint.allCases : [.beforeAdvertising, .afterMaskedInput]
            return points[Int.random(in: 0..<points.count, using: &generator)]
        }
    }
}
