import Foundation

/// How the learning rate changes over the epochs of one training run.
public enum LearningRateSchedule: Sendable, Equatable, Hashable {
    /// The optimizer's rate throughout.
    case constant
    /// Multiplied by `factor` every `every` epochs (PyTorch `StepLR`).
    case step(every: Int, factor: Float)
    /// Cosine annealing from the base rate down to `minimumFraction` of it at the last epoch.
    case cosine(minimumFraction: Float)

    /// The rate for `epoch` (0-based) of `epochs`, from base rate `base`.
    public func rate(base: Float, epoch: Int, epochs: Int) -> Float {
        switch self {
        case .constant:
            return base
        case let .step(every, factor):
            return base * Float(pow(Double(factor), Double(epoch / max(every, 1))))
        case let .cosine(minimumFraction):
            guard epochs > 1 else { return base }
            let progress = Double(epoch) / Double(epochs - 1)
            let fraction = Double(minimumFraction) + (1 - Double(minimumFraction)) * 0.5 * (1 + cos(Double.pi * progress))
            return base * Float(fraction)
        }
    }

    /// - Throws: `MLError.invalidOption` for a non-positive period or factor, or a fraction outside [0, 1].
    public func validate() throws(MLError) {
        switch self {
        case .constant:
            return
        case let .step(every, factor):
            guard every >= 1 else { throw MLError.invalidOption(field: "schedule step", reason: "is \(every) epochs, expected at least 1") }
            guard factor > 0 && factor <= 1 else {
                throw MLError.invalidOption(field: "schedule factor", reason: "is \(factor), expected (0, 1]")
            }
        case let .cosine(minimumFraction):
            guard minimumFraction >= 0 && minimumFraction <= 1 else {
                throw MLError.invalidOption(field: "cosine minimum", reason: "is \(minimumFraction), expected [0, 1]")
            }
        }
    }
}
