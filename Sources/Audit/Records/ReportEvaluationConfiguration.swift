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
