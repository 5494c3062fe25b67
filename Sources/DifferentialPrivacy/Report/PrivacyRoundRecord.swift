/// One round's privacy facts and the budget spent so far: one line of the
/// privacy report after its `PrivacyRunHeader`. Keys are snake_case.
public struct PrivacyRoundRecord: Codable, Sendable, Equatable {
    public var round: Int
    /// The round's sampling fraction q: the Poisson rate, or m/N.
    public var samplingRate: Double
    /// m when the round's sample was m drawn without replacement; nil for Poisson.
    public var sampleSize: Int?
    /// N, the enrolled roster the sample was drawn from (nil in older reports).
    public var population: Int?
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
    /// Epsilon at the run's delta after this round, by RDP and by PLD; the PLD
    /// covers only the continuous Gaussian, so rounds of the distributed
    /// discrete Gaussian leave it nil.
    public var epsilonRDP: Double
    public var epsilonPLD: Double?

    public init(round: Int, samplingRate: Double, plannedNoiseMultiplier: Double, effectiveNoiseMultiplier: Double,
                survivors: Int, noisySurvivors: Int, clipNorm: Double, bits: Int,
                epsilonRDP: Double, epsilonPLD: Double?) {
        self.round = round
        self.samplingRate = samplingRate
        self.plannedNoiseMultiplier = plannedNoiseMultiplier
        self.effectiveNoiseMultiplier = effectiveNoiseMultiplier
        self.survivors = survivors
        self.noisySurvivors = noisySurvivors
        self.clipNorm = clipNorm
        self.bits = bits
        self.epsilonRDP = epsilonRDP
        self.epsilonPLD = epsilonPLD
    }

    enum CodingKeys: String, CodingKey {
        case round, samplingRate = "sampling_rate", sampleSize = "sample_size", population
        case plannedNoiseMultiplier = "planned_noise_multiplier"
        case effectiveNoiseMultiplier = "effective_noise_multiplier", survivors, noisySurvivors = "noisy_survivors"
        case clipNorm = "clip_norm", bits
        case epsilonRDP = "epsilon_rdp", epsilonPLD = "epsilon_pld"
    }
}
