import ML

/// One participant's evaluation of a model on its held-out clips: per class, the
/// clips it got right and the clips there were (a clip's class is the majority
/// vote of its segments, as `Evaluation.clipConfusion`). The participant releases
/// them only noised, inside its update vector (`FederatedEvaluation`).
public struct EvaluationCounts: Sendable, Equatable {
    public var correct: [Int]
    public var total: [Int]

    /// - Precondition: equal lengths, 0 ≤ correct ≤ total per class.
    public init(correct: [Int], total: [Int]) {
        precondition(correct.count == total.count && zip(correct, total).allSatisfy { 0 <= $0 && $0 <= $1 },
                     "counts need 0 <= correct <= total per class")
        self.correct = correct
        self.total = total
    }

    /// The clip counts of `evaluation` (its clip confusion's diagonal and row sums).
    public init(_ evaluation: Evaluation) {
        self.init(correct: evaluation.clipConfusion.indices.map { evaluation.clipConfusion[$0][$0] },
                  total: evaluation.clipConfusion.map { $0.reduce(0, +) })
    }

    /// No clips in any of `classes`.
    public static func empty(classes: Int) -> EvaluationCounts {
        EvaluationCounts(correct: [Int](repeating: 0, count: classes), total: [Int](repeating: 0, count: classes))
    }

    /// The vector appended to the update: correct per class, then total per class,
    /// each times `scale` (λ, update units per count).
    public func encoded(scale: Double) -> [Float] {
        (correct + total).map { Float(Double($0) * scale) }
    }

    /// Its L2 norm in counts; at most `FederatedEvaluation.sensitivity` for at most n clips.
    public var norm: Double {
        (correct + total).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    }
}
