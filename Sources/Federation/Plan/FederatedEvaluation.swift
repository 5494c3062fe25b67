import DifferentialPrivacy

/// Evaluation by the participants, for an operator without test data of its own
/// (`coordinator run` without `--test-data`).
///
/// Each participant holds out a fixed part of its clips (`FeatureSet.split` with
/// `splitSeed`, stratified by label, the same every round: it never trains on
/// them), evaluates the model of the round's plan on at most `maximumClips` of
/// them, and appends its per-class counts (`EvaluationCounts`) to its update. The
/// two travel as one vector through one mechanism and one noise draw: the update
/// clipped to C, the counts scaled by λ = E/B so that their largest norm is E = C/r
/// (B the counts' L2 sensitivity, r = `noiseRatio`), the whole clipped to
/// C' = sqrt(C² + E²) and noised with multiplier z' = z·C/C'. The update's noise is
/// z·C as without evaluation; the counts' noise is z_e·B in counts with z_e = r·z;
/// and the round is accounted at z', whose 1/z'² = 1/z² + 1/z_e² is the
/// composition of the two Gaussian releases. With z = 0 (DP off) nothing is noised.
public struct FederatedEvaluation: Codable, Sendable, Equatable {
    /// Classes of the model (the counts hold a correct and a total per class).
    public var classes: Int
    /// n: the most held-out clips a participant evaluates; bounds the sensitivity.
    public var maximumClips: Int
    /// Fraction of each label's clips a participant holds out (0 < f < 1).
    public var heldOutFraction: Double
    /// r = z_e/z: the counts' noise multiplier (their noise std over B) over the update's.
    public var noiseRatio: Double

    /// Seed of every participant's held-out split: fixed, so no plan can move it.
    public static let splitSeed: UInt64 = 0x6576_616C_7370_6C74
    static let maximumClassesOnWire = 1 << 12
    static let maximumClipsOnWire = 1 << 20

    public init(classes: Int, maximumClips: Int, heldOutFraction: Double, noiseRatio: Double) {
        self.classes = classes
        self.maximumClips = maximumClips
        self.heldOutFraction = heldOutFraction
        self.noiseRatio = noiseRatio
    }

    /// Coordinates the counts add to the released vector: a correct and a total per class.
    public var coordinates: Int { 2 * classes }

    /// B = √2·n: the largest L2 norm of one participant's counts (all n clips of one
    /// class, all correct: correct_k = total_k = n), hence their sensitivity.
    public var sensitivity: Double { 2.0.squareRoot() * Double(maximumClips) }

    /// λ = E/B with E = C/r: update units per count, so that the counts' noise (z·C in
    /// update units, as the update's) is r·z·B in counts.
    public func countScale(clipNorm: Double) -> Double {
        clipNorm / noiseRatio / sensitivity
    }

    /// C' = sqrt(C² + E²) and z' = z·C/C' of the joint vector, for an update clipped
    /// to `clipNorm` with noise multiplier `noiseMultiplier`.
    public func joint(clipNorm: Double, noiseMultiplier: Double) -> (clipNorm: Double, noiseMultiplier: Double) {
        JointRelease.mechanism(clipNorm: clipNorm, noiseMultiplier: noiseMultiplier, noiseRatio: noiseRatio)
    }

    /// Checks the fields.
    /// - Throws: `.invalidField` naming the field.
    public func validate() throws(FederationError) {
        guard classes >= 1, classes <= Self.maximumClassesOnWire else {
            throw .invalidField(field: "plan.evaluation.classes", reason: "\(classes) is outside 1 ... \(Self.maximumClassesOnWire)")
        }
        guard maximumClips >= 1, maximumClips <= Self.maximumClipsOnWire else {
            throw .invalidField(field: "plan.evaluation.maximum_clips",
                                reason: "\(maximumClips) is outside 1 ... \(Self.maximumClipsOnWire)")
        }
        guard heldOutFraction > 0, heldOutFraction < 1 else {
            throw .invalidField(field: "plan.evaluation.held_out_fraction", reason: "\(heldOutFraction) is outside (0, 1)")
        }
        guard noiseRatio.isFinite, noiseRatio >= 0.01, noiseRatio <= 1000 else {
            throw .invalidField(field: "plan.evaluation.noise_ratio", reason: "\(noiseRatio) is outside 0.01 ... 1000")
        }
    }

    func encode(into writer: inout PayloadWriter) {
        writer.append(UInt32(truncatingIfNeeded: classes))
        writer.append(UInt32(truncatingIfNeeded: maximumClips))
        writer.append(heldOutFraction)
        writer.append(noiseRatio)
    }

    init(from reader: inout PayloadReader) throws(FederationError) {
        classes = try reader.readCount(field: "plan.evaluation.classes", limit: Self.maximumClassesOnWire)
        maximumClips = try reader.readCount(field: "plan.evaluation.maximum_clips", limit: Self.maximumClipsOnWire)
        heldOutFraction = try reader.readDouble(field: "plan.evaluation.held_out_fraction")
        noiseRatio = try reader.readDouble(field: "plan.evaluation.noise_ratio")
    }
}
