import DifferentialPrivacy

/// The quantization and noise every participant of the run applies, as the
/// parameters that rebuild it: an auditor recomputes the effective noise from
/// them instead of trusting recorded values.
public struct ReportNoiseConfiguration: Codable, Sendable, Equatable {
    public var dimension: Int
    public var clipNorm: Double
    public var noiseMultiplier: Double
    public var expectedParticipants: Int
    public var minimumSurvivors: Int
    /// Participants assumed to collude with the coordinator (absent in older reports: 0).
    public var assumedColluders: Int
    public var bits: Int
    /// The quantization scale (update units per integer step), for readers; recomputed, not trusted.
    public var scale: Double
    /// The participants' evaluation counts that ride in the vector (then the
    /// fields above are the joint mechanism's); nil without.
    public var evaluation: ReportEvaluationConfiguration?

    public init(_ mechanism: DistributedDiscreteGaussian, evaluation: ReportEvaluationConfiguration? = nil) {
        self.evaluation = evaluation
        dimension = mechanism.dimension
        clipNorm = mechanism.clipNorm
        noiseMultiplier = mechanism.noiseMultiplier
        expectedParticipants = mechanism.expectedParticipants
        minimumSurvivors = mechanism.minimumSurvivors
        assumedColluders = mechanism.assumedColluders
        bits = mechanism.bits
        scale = mechanism.scale
    }

    /// The mechanism these parameters define.
    public func mechanism() throws(DifferentialPrivacyError) -> DistributedDiscreteGaussian {
        try DistributedDiscreteGaussian(dimension: dimension, clipNorm: clipNorm, noiseMultiplier: noiseMultiplier,
                                        expectedParticipants: expectedParticipants, minimumSurvivors: minimumSurvivors,
                                        assumedColluders: assumedColluders, bits: bits)
    }

    enum CodingKeys: String, CodingKey {
        case dimension, clipNorm = "clip_norm", noiseMultiplier = "noise_multiplier"
        case expectedParticipants = "expected_participants", minimumSurvivors = "minimum_survivors"
        case assumedColluders = "assumed_colluders", bits, scale, evaluation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        dimension = try container.decode(Int.self, forKey: .dimension)
        clipNorm = try container.decode(Double.self, forKey: .clipNorm)
        noiseMultiplier = try container.decode(Double.self, forKey: .noiseMultiplier)
        expectedParticipants = try container.decode(Int.self, forKey: .expectedParticipants)
        minimumSurvivors = try container.decode(Int.self, forKey: .minimumSurvivors)
        assumedColluders = try container.decodeIfPresent(Int.self, forKey: .assumedColluders) ?? 0
        bits = try container.decode(Int.self, forKey: .bits)
        scale = try container.decode(Double.self, forKey: .scale)
        evaluation = try container.decodeIfPresent(ReportEvaluationConfiguration.self, forKey: .evaluation)
    }
}
