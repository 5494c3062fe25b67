import DifferentialPrivacy

/// The parameters of the round's distributed discrete Gaussian (clip, noise,
/// ring), from which coordinator and participant build the same mechanism.
/// `noiseMultiplier` 0 means DP off: the same quantizer without noise.
/// With `evaluation`, the participants' held-out counts ride in the same vector
/// and the mechanism is the joint one (`FederatedEvaluation`).
public struct QuantizationParameters: Sendable, Equatable {
    /// C and z of the update (the joint mechanism's follow from them and `evaluation`).
    public var clipNorm: Double
    public var noiseMultiplier: Double
    public var expectedParticipants: Int
    public var minimumSurvivors: Int
    /// Participants assumed to collude with the coordinator: shares are sized
    /// so that the survivors less one less these reach the noise.
    public var assumedColluders: Int
    public var bits: Int
    /// The participants' evaluation counts appended to the update; nil for none.
    public var evaluation: FederatedEvaluation?

    public init(clipNorm: Double, noiseMultiplier: Double, expectedParticipants: Int, minimumSurvivors: Int,
                assumedColluders: Int = 0, bits: Int = 32, evaluation: FederatedEvaluation? = nil) {
        self.evaluation = evaluation
        self.clipNorm = clipNorm
        self.noiseMultiplier = noiseMultiplier
        self.expectedParticipants = expectedParticipants
        self.minimumSurvivors = minimumSurvivors
        self.assumedColluders = assumedColluders
        self.bits = bits
    }

    /// The parameters of `mechanism` (without evaluation).
    public init(_ mechanism: DistributedDiscreteGaussian) {
        self.init(clipNorm: mechanism.clipNorm, noiseMultiplier: mechanism.noiseMultiplier,
                  expectedParticipants: mechanism.expectedParticipants, minimumSurvivors: mechanism.minimumSurvivors,
                  assumedColluders: mechanism.assumedColluders, bits: mechanism.bits)
    }

    /// The noise multiplier of the released vector: z' with evaluation, else z.
    public var releasedNoiseMultiplier: Double {
        evaluation?.joint(clipNorm: clipNorm, noiseMultiplier: noiseMultiplier).noiseMultiplier ?? noiseMultiplier
    }

    /// λ, update units per evaluation count; nil without evaluation.
    public var countScale: Double? {
        evaluation?.countScale(clipNorm: clipNorm)
    }

    /// The mechanism for updates of `dimension` values: with `evaluation`, the joint
    /// one over the update and the counts (`dimension` + 2K values, clip C', multiplier z').
    /// - Throws: `.invalidField` when the parameters do not define one.
    public func mechanism(dimension: Int) throws(FederationError) -> DistributedDiscreteGaussian {
        var (clipNorm, noiseMultiplier, dimension) = (clipNorm, noiseMultiplier, dimension)
        if let evaluation {
            try evaluation.validate()
            (clipNorm, noiseMultiplier) = evaluation.joint(clipNorm: clipNorm, noiseMultiplier: noiseMultiplier)
            dimension += evaluation.coordinates
        }
        do {
            return try DistributedDiscreteGaussian(dimension: dimension, clipNorm: clipNorm, noiseMultiplier: noiseMultiplier,
                                                   expectedParticipants: expectedParticipants,
                                                   minimumSurvivors: minimumSurvivors, assumedColluders: assumedColluders,
                                                   bits: bits)
        } catch {
            throw .invalidField(field: "plan.quantization", reason: "\(error)")
        }
    }

    func encode(into writer: inout PayloadWriter) {
        writer.append(clipNorm)
        writer.append(noiseMultiplier)
        writer.append(UInt32(truncatingIfNeeded: expectedParticipants))
        writer.append(UInt32(truncatingIfNeeded: minimumSurvivors))
        writer.append(UInt32(truncatingIfNeeded: assumedColluders))
        writer.append(UInt8(truncatingIfNeeded: bits))
        writer.append(UInt8(evaluation == nil ? 0 : 1))
        evaluation?.encode(into: &writer)
    }

    init(from reader: inout PayloadReader) throws(FederationError) {
        clipNorm = try reader.readDouble(field: "plan.quantization.clip_norm")
        noiseMultiplier = try reader.readDouble(field: "plan.quantization.noise_multiplier")
        expectedParticipants = Int(try reader.read(UInt32.self, field: "plan.quantization.expected_participants"))
        minimumSurvivors = Int(try reader.read(UInt32.self, field: "plan.quantization.minimum_survivors"))
        assumedColluders = Int(try reader.read(UInt32.self, field: "plan.quantization.assumed_colluders"))
        bits = Int(try reader.read(UInt8.self, field: "plan.quantization.bits"))
        switch try reader.read(UInt8.self, field: "plan.evaluation") {
        case 0: evaluation = nil
        case 1: evaluation = try FederatedEvaluation(from: &reader)
        case let flag: throw .invalidField(field: "plan.evaluation", reason: "unknown presence flag \(flag)")
        }
    }
}
