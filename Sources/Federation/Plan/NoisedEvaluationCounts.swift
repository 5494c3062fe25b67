/// The coordinator's view of the summed counts: noised reals, not integers.
public struct NoisedEvaluationCounts: Sendable, Equatable {
    public var correct: [Double]
    public var total: [Double]

    /// Reads the counts from `released`, the decoded vector's evaluation part
    /// (2K values, the survivors' mean in update units), as sums in counts.
    /// - Precondition: `released.count` is even.
    public init(released: ArraySlice<Float>, survivors: Int, scale: Double) {
        precondition(released.count % 2 == 0, "the counts are a correct and a total per class")
        let sums = released.map { Double($0) * Double(survivors) / scale }
        let classes = sums.count / 2
        correct = Array(sums[0..<classes])
        total = Array(sums[classes...])
    }

    /// Clips counted, the noised sum of the totals (clamped at 0).
    public var clips: Double { max(0, total.reduce(0, +)) }

    /// Σ correct / Σ total, clamped to [0, 1]; nil when the noised total is below one clip.
    public var accuracy: Double? {
        let clips = self.clips
        guard clips >= 1 else { return nil }
        return min(1, max(0, correct.reduce(0, +) / clips))
    }
}
