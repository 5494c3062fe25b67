/// How parameters move along the gradient, with PyTorch's semantics so the
/// reference benchmark and the papers' settings carry over.
public enum Optimizer: Sendable, Equatable, Hashable {
    /// Stochastic gradient descent with heavy-ball momentum and L2 weight decay:
    /// `g ← ∇ + λ·w`, `v ← μ·v + g`, `w ← w − η·v` (PyTorch `SGD`, dampening 0).
    case sgd(learningRate: Float, momentum: Float = 0.9, weightDecay: Float = 0)
    /// Adam (Kingma & Ba) with bias correction and L2 weight decay added to
    /// the gradient (PyTorch `Adam`).
    case adam(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
              weightDecay: Float = 0)

    /// The base learning rate η before any schedule.
    public var learningRate: Float {
        switch self {
        case let .sgd(rate, _, _), let .adam(rate, _, _, _, _): rate
        }
    }

    /// Checks every coefficient's range.
    /// - Throws: `MLError.invalidOption` naming the coefficient.
    public func validate() throws(MLError) {
        func check(_ ok: Bool, _ field: String, _ value: Float, _ range: String) throws(MLError) {
            if !ok { throw MLError.invalidOption(field: field, reason: "is \(value), expected \(range)") }
        }
        switch self {
        case let .sgd(rate, momentum, decay):
            try check(rate > 0 && rate.isFinite, "learning rate", rate, "a positive number")
            try check(momentum >= 0 && momentum < 1, "momentum", momentum, "[0, 1)")
            try check(decay >= 0 && decay.isFinite, "weight decay", decay, "a non-negative number")
        case let .adam(rate, beta1, beta2, epsilon, decay):
            try check(rate > 0 && rate.isFinite, "learning rate", rate, "a positive number")
            try check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "[0, 1)")
            try check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "[0, 1)")
            try check(epsilon > 0 && epsilon.isFinite, "epsilon", epsilon, "a positive number")
            try check(decay >= 0 && decay.isFinite, "weight decay", decay, "a non-negative number")
        }
    }
}
