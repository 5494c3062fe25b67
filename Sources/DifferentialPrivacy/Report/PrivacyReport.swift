/// The privacy report's data, written by the coordinator as JSON lines
/// (one `PrivacyRunHeader`, then one `PrivacyRoundRecord` per round); the
/// audit issue signs and chains them. Keys are snake_case.

/// What a run protects and how its budget is measured.
public struct PrivacyRunHeader: Codable, Sendable, Equatable {
    /// What one unit of privacy is: "participant" (client-level DP: all of one
    /// participant's data in a round, bounded by clipping).
    public var unitOfPrivacy: String
    /// The neighbouring relation of the accounting ("add_or_remove_one").
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

/// One round's privacy facts and the budget spent so far.
public struct PrivacyRoundRecord: Codable, Sendable, Equatable {
    public var round: Int
    /// Poisson sampling rate q of the round.
    public var samplingRate: Double
    /// The noise multiplier planned for t survivors.
    public var plannedNoiseMultiplier: Double
    /// The noise multiplier accounted: from the survivors that really added noise.
    public var effectiveNoiseMultiplier: Double
    /// Participants whose updates are in the sum.
    public var survivors: Int
    /// Participants whose noise shares are in the sum.
    public var noisySurvivors: Int
    /// The clip norm C of the round.
    public var clipNorm: Double
    /// Ring bits of the quantized vectors.
    public var bits: Int
    /// Coordinates reported wrapped by the participants.
    public var wrappedCoordinates: Int
    /// Epsilon at the run's delta after this round, by RDP and by PLD.
    public var epsilonRDP: Double
    public var epsilonPLD: Double

    public init(round: Int, samplingRate: Double, plannedNoiseMultiplier: Double, effectiveNoiseMultiplier: Double,
                survivors: Int, noisySurvivors: Int, clipNorm: Double, bits: Int, wrappedCoordinates: Int,
                epsilonRDP: Double, epsilonPLD: Double) {
        self.round = round
        self.samplingRate = samplingRate
        self.plannedNoiseMultiplier = plannedNoiseMultiplier
        self.effectiveNoiseMultiplier = effectiveNoiseMultiplier
        self.survivors = survivors
        self.noisySurvivors = noisySurvivors
        self.clipNorm = clipNorm
        self.bits = bits
        self.wrappedCoordinates = wrappedCoordinates
        self.epsilonRDP = epsilonRDP
        self.epsilonPLD = epsilonPLD
    }

    enum CodingKeys: String, CodingKey {
        case round, samplingRate = "sampling_rate", plannedNoiseMultiplier = "planned_noise_multiplier"
        case effectiveNoiseMultiplier = "effective_noise_multiplier", survivors, noisySurvivors = "noisy_survivors"
        case clipNorm = "clip_norm", bits, wrappedCoordinates = "wrapped_coordinates"
        case epsilonRDP = "epsilon_rdp", epsilonPLD = "epsilon_pld"
    }
}
