import Audit
import DifferentialPrivacy
import Federation
import Foundation

/// The numbers fixed for a whole run when it starts, so every round is
/// accounted, quantized and audited against the same promise: the privacy
/// report's run record states them, checkpoints keep them across restarts.
public struct RunParameters: Codable, Sendable, Equatable {
    /// Enrolled participants when the run started: the population sampled from.
    public var rosterSize: Int
    /// The q each round is accounted with: the Poisson rate, or count / roster for a fixed count.
    public var samplingRate: Double
    /// m for a fixed number of participants per round drawn from the roster
    /// without replacement; nil for Poisson sampling at `samplingRate`.
    public var sampleSize: Int?
    /// c: participants assumed to collude with the coordinator in a round (the
    /// tolerated corrupt fraction of the expected sample, rounded down).
    public var assumedColluders: Int
    /// The parameters of the run's distributed discrete Gaussian (z = 0 with DP off).
    public var clipNorm: Double
    public var noiseMultiplier: Double
    /// The most participants a round can sum (the mechanism's n).
    public var expectedParticipants: Int
    /// t: the fewest survivors whose noise reaches z; a round with fewer is discarded.
    public var minimumSurvivors: Int
    public var bits: Int
    /// Whether DP is on (then `noiseMultiplier` > 0 and rounds are accounted).
    public var privacy: Bool
    /// The participants' evaluation counts that ride in every update; nil for none.
    public var evaluation: FederatedEvaluation?

    /// Derives the run's numbers from the configuration and the roster size.
    /// - Throws: `ServerError.notEnoughParticipants` for fewer than two enrolled.
    public init(config: CoordinatorConfig, rosterSize: Int) throws(ServerError) {
        guard rosterSize >= 2 else {
            throw .notEnoughParticipants(reason: "\(rosterSize) participants enrolled; a round needs at least 2 (chorus coordinator enroll)")
        }
        self.rosterSize = rosterSize
        let expectedSample: Double
        if let count = config.sampling.participantsPerRound {
            expectedParticipants = min(count, rosterSize)
            expectedSample = Double(expectedParticipants)
            samplingRate = Double(expectedParticipants) / Double(rosterSize)
            sampleSize = expectedParticipants
        } else {
            let rate = config.sampling.rate ?? 1
            expectedParticipants = rosterSize
            expectedSample = rate * Double(rosterSize)
            samplingRate = rate
            sampleSize = nil
        }
        let fraction = config.privacy.minimumSurvivorFraction
        minimumSurvivors = min(expectedParticipants, max(1, Int((fraction * expectedSample).rounded(.up))))
        assumedColluders = Int((config.secureAggregation.toleratedCorruptFraction * expectedSample).rounded(.down))
        clipNorm = config.privacy.clipNorm
        privacy = config.privacy.enabled
        noiseMultiplier = privacy ? config.privacy.noiseMultiplier : 0
        bits = 32
        evaluation = config.evaluation
    }

    /// How each round's participants are drawn from the roster, as accounted.
    public var sampling: SamplingScheme {
        if let sampleSize { return .withoutReplacement(sampleSize: sampleSize, population: rosterSize) }
        return .poisson(rate: samplingRate)
    }

    /// The quantization parameters every plan of the run carries.
    public var quantization: QuantizationParameters {
        QuantizationParameters(clipNorm: clipNorm, noiseMultiplier: noiseMultiplier,
                               expectedParticipants: expectedParticipants, minimumSurvivors: minimumSurvivors,
                               assumedColluders: privacy ? assumedColluders : 0, bits: bits, evaluation: evaluation)
    }

    /// The run's mechanism for a model of `dimension` parameters.
    public func mechanism(dimension: Int) throws(ServerError) -> DistributedDiscreteGaussian {
        do {
            return try quantization.mechanism(dimension: dimension)
        } catch {
            throw .privacyParameters(error)
        }
    }

    /// The run record's statement of the participants' evaluation; nil without.
    var evaluationRecord: ReportEvaluationConfiguration? {
        evaluation.map {
            ReportEvaluationConfiguration(classes: $0.classes, maximumClips: $0.maximumClips, heldOutFraction: $0.heldOutFraction,
                                          countSensitivity: $0.sensitivity, noiseMultiplier: $0.noiseRatio * noiseMultiplier,
                                          updateClipNorm: clipNorm, updateNoiseMultiplier: noiseMultiplier)
        }
    }
}
