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
    public var bits: Int
    /// The quantization scale (update units per integer step), for readers; recomputed, not trusted.
    public var scale: Double

    public init(_ mechanism: DistributedDiscreteGaussian) {
        dimension = mechanism.dimension
        clipNorm = mechanism.clipNorm
        noiseMultiplier = mechanism.noiseMultiplier
        expectedParticipants = mechanism.expectedParticipants
        minimumSurvivors = mechanism.minimumSurvivors
        bits = mechanism.bits
        scale = mechanism.scale
    }

    /// The mechanism these parameters define.
    public func mechanism() throws(DifferentialPrivacyError) -> DistributedDiscreteGaussian {
        try DistributedDiscreteGaussian(dimension: dimension, clipNorm: clipNorm, noiseMultiplier: noiseMultiplier,
                                        expectedParticipants: expectedParticipants, minimumSurvivors: minimumSurvivors,
                                        bits: bits)
    }

    enum CodingKeys: String, CodingKey {
        case dimension, clipNorm = "clip_norm", noiseMultiplier = "noise_multiplier"
        case expectedParticipants = "expected_participants", minimumSurvivors = "minimum_survivors", bits, scale
    }
}
