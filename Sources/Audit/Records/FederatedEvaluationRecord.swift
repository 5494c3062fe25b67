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

/// The run's federated evaluation, as its run record states it (for readers: the
/// mechanism's clip, noise multiplier and dimension in `ReportNoiseConfiguration`
/// are the joint ones the accountant and the verifier use).
public struct ReportEvaluationConfiguration: Codable, Sendable, Equatable {
    public var classes: Int
    /// n, the most held-out clips a participant evaluates.
    public var maximumClips: Int
    public var heldOutFraction: Double
    /// B = √2·n, the L2 sensitivity of one participant's counts.
    public var countSensitivity: Double
    /// z_e: the counts' noise std over B.
    public var noiseMultiplier: Double
    /// C and z of the update alone; the joint C' = sqrt(C² + E²), z' = z·C/C'.
    public var updateClipNorm: Double
    public var updateNoiseMultiplier: Double

    public init(classes: Int, maximumClips: Int, heldOutFraction: Double, countSensitivity: Double, noiseMultiplier: Double,
                updateClipNorm: Double, updateNoiseMultiplier: Double) {
        self.classes = classes
        self.maximumClips = maximumClips
        self.heldOutFraction = heldOutFraction
        self.countSensitivity = countSensitivity
        self.noiseMultiplier = noiseMultiplier
        self.updateClipNorm = updateClipNorm
        self.updateNoiseMultiplier = updateNoiseMultiplier
    }

    enum CodingKeys: String, CodingKey {
        case classes, maximumClips = "maximum_clips", heldOutFraction = "held_out_fraction"
        case countSensitivity = "count_sensitivity", noiseMultiplier = "noise_multiplier"
        case updateClipNorm = "update_clip_norm", updateNoiseMultiplier = "update_noise_multiplier"
    }
}
