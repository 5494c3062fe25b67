import ArgumentParser
import DifferentialPrivacy

/// `chorus privacy calibrate`: the smallest noise multiplier that keeps T
/// rounds within a target epsilon at a delta.
struct PrivacyCalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Smallest noise multiplier z whose epsilon after T rounds is at most the target.",
        discussion: """
        Example:
          chorus privacy calibrate --target-epsilon 8 --sampling-rate 0.1 --rounds 100 --delta 1e-5 --json
        """
    )

    @Option(parsing: .unconditional, help: "Target epsilon, > 0.")
    var targetEpsilon: Double

    @OptionGroup var run: PrivacyRunOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try PrivacyRunOptions.requirePositive(targetEpsilon, flag: "--target-epsilon")
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.privacy")
        let result = try NoiseCalibration.noiseMultiplier(
            targetEpsilon: targetEpsilon, sampling: run.sampling, rounds: run.rounds,
            delta: run.delta, accountant: run.accountant)
        logger.debug("privacy.calibrated", metadata: ["privacy.z": "\(result.noiseMultiplier)"])
        if output.json {
            try output.printJSON(PrivacyAnswer(epsilon: result.epsilon, run: run, noiseMultiplier: result.noiseMultiplier,
                                               targetEpsilon: targetEpsilon))
        } else {
            print("noise multiplier \(result.noiseMultiplier) gives epsilon \(result.epsilon) <= \(targetEpsilon) at \(run.statement)")
        }
    }
}
