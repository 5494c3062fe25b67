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
    /// Every quantity the coordinator learns per round, in words: what the
    /// accounting covers and what it does not.
    public var releasedPerRound: [String]
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

    /// - Parameter classStatistics: participants release class statistics (`--dp-mode
    ///   statistics`) rather than model updates; `releasedPerRound` says which.
    /// - Parameter federatedEvaluation: participants' held-out counts ride in the vector; `releasedPerRound` says so.
    public init(unitOfPrivacy: String = "participant", neighbouringRelation: String = "add_or_remove_one",
                delta: Double, plannedNoiseMultiplier: Double, bits: Int, classStatistics: Bool = false,
                federatedEvaluation: Bool = false,
                wrapProbability: Double = DistributedDiscreteGaussian.wrapProbability,
                pldInterval: Double = PrivacyAccountant.pldInterval) {
        self.unitOfPrivacy = unitOfPrivacy
        self.neighbouringRelation = neighbouringRelation
        self.releasedPerRound = (classStatistics ? Self.releasedAsStatistics : Self.released)
            + (federatedEvaluation ? [Self.releasedEvaluation] : [])
        self.delta = delta
        self.plannedNoiseMultiplier = plannedNoiseMultiplier
        self.bits = bits
        self.wrapProbability = wrapProbability
        self.pldInterval = pldInterval
    }

    enum CodingKeys: String, CodingKey {
        case unitOfPrivacy = "unit_of_privacy", neighbouringRelation = "neighbouring_relation"
        case releasedPerRound = "released_per_round", delta
        case plannedNoiseMultiplier = "planned_noise_multiplier", bits, wrapProbability = "wrap_probability"
        case pldInterval = "pld_interval"
    }

    /// What a round of Chorus releases to the coordinator (and, through the
    /// report and the model, to whoever reads them).
    public static let released = [
        "the sum of the survivors' clipped, rotated, quantized updates plus their discrete Gaussian noise shares (accounted)",
        "who was sampled and who contributed (public: listed in this report, not protected)",
        "the model after the round, a function of that noised sum (covered by the same accounting)",
    ]

    /// The same in the statistics mode, where a participant's "update" is its class statistics.
    public static let releasedAsStatistics = [
        "the sum of the survivors' clipped, rotated, quantized class statistics (per class, the sum of the participant's "
            + "normalized segment features; no counts) plus their discrete Gaussian noise shares (accounted)",
        released[1],
        "the nearest-class-mean model built from the summed statistics, a function of that noised sum (covered by the same accounting)",
    ]

    /// The line added when participants evaluate (`coordinator run` without `--test-data`).
    public static let releasedEvaluation =
        "in the same vector and under the same noise draw, the sum of the survivors' per-class correct and total counts "
        + "of the round's start model on at most n held-out clips each (L2 sensitivity sqrt(2)·n, scaled so their noise is "
        + "z_e·sqrt(2)·n with z_e = r·z; the round is accounted at the joint noise multiplier z' with 1/z'^2 = 1/z^2 + 1/z_e^2)"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        unitOfPrivacy = try container.decode(String.self, forKey: .unitOfPrivacy)
        neighbouringRelation = try container.decode(String.self, forKey: .neighbouringRelation)
        releasedPerRound = try container.decodeIfPresent([String].self, forKey: .releasedPerRound) ?? []
        delta = try container.decode(Double.self, forKey: .delta)
        plannedNoiseMultiplier = try container.decode(Double.self, forKey: .plannedNoiseMultiplier)
        bits = try container.decode(Int.self, forKey: .bits)
        wrapProbability = try container.decode(Double.self, forKey: .wrapProbability)
        pldInterval = try container.decode(Double.self, forKey: .pldInterval)
    }
}
