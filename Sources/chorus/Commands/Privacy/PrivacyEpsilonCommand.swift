import ArgumentParser
import DifferentialPrivacy

/// `chorus privacy epsilon`: the epsilon of T rounds of the Poisson-subsampled
/// Gaussian mechanism at a delta.
struct PrivacyEpsilonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epsilon",
        abstract: "Epsilon spent by T rounds with sampling rate q and noise multiplier z.",
        discussion: """
        Example:
          chorus privacy epsilon --noise-multiplier 1.0 --sampling-rate 0.1 --rounds 100 --delta 1e-5 --accountant pld
        """
    )

    @Option(parsing: .unconditional, help: "Noise multiplier z: noise std over the clip norm, z > 0.")
    var noiseMultiplier: Double

    @OptionGroup var run: PrivacyRunOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try PrivacyRunOptions.requirePositive(noiseMultiplier, flag: "--noise-multiplier")
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.privacy")
        var accountant = PrivacyAccountant()
        try accountant.addRounds(samplingRate: run.samplingRate, noiseMultiplier: noiseMultiplier, count: run.rounds)
        let epsilon = try accountant.epsilon(delta: run.delta, accountant: run.accountant)
        logger.debug("privacy.epsilon", metadata: ["privacy.epsilon": "\(epsilon)"])
        if output.json {
            try output.printJSON(["epsilon": epsilon, "delta": run.delta, "accountant": run.accountant.rawValue,
                                  "noise_multiplier": noiseMultiplier, "sampling_rate": run.samplingRate,
                                  "rounds": run.rounds])
        } else {
            print("epsilon \(epsilon) at delta \(run.delta) (\(run.accountant.rawValue)) for \(Plural.count(run.rounds, "round")), "
                  + "q = \(run.samplingRate), z = \(noiseMultiplier)")
        }
    }
}
