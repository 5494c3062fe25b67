import ArgumentParser
import Federation
import Server

/// How participants evaluate when the operator has no test data (`coordinator run`
/// without `--test-data`): a fixed held-out part of their own clips, counted per class
/// and released noised inside their update (`FederatedEvaluation`).
struct EvaluationOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Without --test-data: the most held-out clips each participant evaluates (n, default 16); its counts' L2 sensitivity is sqrt(2)·n.",
        valueName: "n"))
    var evaluationClips: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Without --test-data: the fraction of each label's clips a participant holds out (never trains on) for evaluation, 0 < f < 1 (default 0.2).",
        valueName: "f"))
    var evaluationFraction: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Without --test-data: the counts' noise multiplier over the update's, r = z_e/z (default 2; larger: noisier counts, a smaller epsilon cost); the round is accounted at z' with 1/z'^2 = 1/z^2 + 1/(r z)^2.",
        valueName: "r"))
    var evaluationNoiseRatio: Double?

    static let defaultClips = 16
    static let defaultFraction = 0.2
    static let defaultNoiseRatio = 2.0

    /// Whether any of the options was given.
    var given: Bool { evaluationClips != nil || evaluationFraction != nil || evaluationNoiseRatio != nil }

    func validate() throws {
        let (evaluationClips, evaluationFraction, evaluationNoiseRatio) = (
            self.evaluationClips ?? Self.defaultClips, self.evaluationFraction ?? Self.defaultFraction,
            self.evaluationNoiseRatio ?? Self.defaultNoiseRatio)
        guard evaluationClips >= 1 else {
            throw ValidationError("--evaluation-clips is \(evaluationClips); pass at least 1 clip.")
        }
        guard evaluationFraction > 0, evaluationFraction < 1 else {
            throw ValidationError("--evaluation-fraction is \(evaluationFraction); pass a fraction between 0 and 1 (e.g. 0.2).")
        }
        guard evaluationNoiseRatio >= 0.01, evaluationNoiseRatio <= 1000 else {
            throw ValidationError("--evaluation-noise-ratio is \(evaluationNoiseRatio); pass a ratio between 0.01 and 1000 (e.g. 2).")
        }
    }

    /// The evaluation of a run whose model has `classes` classes.
    func evaluation(classes: Int) -> FederatedEvaluation {
        FederatedEvaluation(classes: classes, maximumClips: evaluationClips ?? Self.defaultClips,
                            heldOutFraction: evaluationFraction ?? Self.defaultFraction,
                            noiseRatio: evaluationNoiseRatio ?? Self.defaultNoiseRatio)
    }
}
