import ChorusSupport
import Client

/// When a participant deliberately closes its connection in the middle of a
/// round, to test and demonstrate that rounds survive dropouts. Real
/// participants never do: the rule is only `chorus simulate`'s.
package enum DropoutRule: Sendable, Equatable {
    case never
    /// In every round, at `point`.
    case always(DropoutPoint)
    /// In each round with this probability, at a point drawn uniformly (seeded).
    case random(probability: Double, seed: UInt64)
}

/// Draws each round's dropout point from a `DropoutRule`.
struct DropoutSchedule: RoundDepartures {
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

    mutating func departure(secure: Bool) -> DropoutPoint? {
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
