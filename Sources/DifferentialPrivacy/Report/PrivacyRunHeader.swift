/// What a run protects and how its budget is measured: the first line of the
/// privacy report, which the coordinator writes as JSON lines (this header,
/// then one `PrivacyRoundRecord` per round) and the audit step signs and
/// chains. Keys are snake_case.
public struct PrivacyRunHeader: Codable, Sendable, Equatable {
    /// What one unit of privacy is: "participant" (client-level DP: all of one
    /// participant's data in a round, bounded by clipping).
    public var unitOfPrivacy: String
    /// The neighbouring relation of the accounting: "add_or_remove_one" for
    /// Poisson sampling, "replace_one" for a fixed sample size (sensitivity
    /// 2C). Either way the noise that protects a participant is counted
    /// without its own share and without the assumed colluders' shares.
    public var neighbouringRelation: String
    /// The delta at which epsilon is reported.
    public var delta: Double
    /// The planned noise multiplier z (before dropouts).
    public var plannedNoiseMultiplier: Double
    /// The ring bits of the quantized vectors.
    public var bits: Int
    /// Probability per coordinate that the sum wraps around the ring.
    public var wrapProbability: Double
    /// The PLD grid step.
    public var pldInterval: Double

    public init(unitOfPrivacy: String = "participant", neighbouringRelation: String = "add_or_remove_one",
                delta: Double, plannedNoiseMultiplier: Double, bits: Int,
                wrapProbability: Double = DistributedDiscreteGaussian.wrapProbability,
                pldInterval: Double = PrivacyAccountant.pldInterval) {
        self.unitOfPrivacy = unitOfPrivacy
        self.neighbouringRelation = neighbouringRelation
        self.delta = delta
        self.plannedNoiseMultiplier = plannedNoiseMultiplier
        self.bits = bits
        self.wrapProbability = wrapProbability
        self.pldInterval = pldInterval
    }

    enum CodingKeys: String, CodingKey {
        case unitOfPrivacy = "unit_of_privacy", neighbouringRelation = "neighbouring_relation", delta
        case plannedNoiseMultiplier = "planned_noise_multiplier", bits, wrapProbability = "wrap_probability"
        case pldInterval = "pld_interval"
    }
}
