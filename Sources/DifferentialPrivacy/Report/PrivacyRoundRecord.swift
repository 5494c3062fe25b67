/// One round's privacy facts and the budget spent so far: one line of the
/// privacy report after its `PrivacyRunHeader`. Keys are snake_case.
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
