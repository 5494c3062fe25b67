/// What the participants' noised evaluation counts of one round said: the accuracy
/// of the model the round started from (`model_before`) on their held-out clips.
/// The counts were released inside the round's noised sum and are covered by its
/// accounting; they are noised reals, so the accuracy is an estimate.
public struct FederatedEvaluationRecord: Codable, Sendable, Equatable {
    /// Σ correct / Σ total over the classes, clamped to [0, 1]; nil when the noised total is below one clip.
    public var accuracy: Double?
    /// The noised number of clips evaluated (Σ total, at least 0).
    public var clips: Double
    /// Per class, the noised summed correct and total clip counts.
    public var correct: [Double]
    public var total: [Double]
    /// Which model was evaluated: always "model_before".
    public var model: String

    public init(accuracy: Double?, clips: Double, correct: [Double], total: [Double]) {
        self.accuracy = accuracy
        self.clips = clips
        self.correct = correct
        self.total = total
        model = "model_before"
    }
}
