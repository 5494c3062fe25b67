import ArgumentParser
import DifferentialPrivacy

/// `chorus privacy epsilon`: the epsilon of T rounds of the Gaussian mechanism,
/// or of a sum of discrete Gaussian shares (the distributed discrete Gaussian
/// of a round), on a Poisson sample or on a fixed-size sample without
/// replacement, at a delta.
struct PrivacyEpsilonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epsilon",
        abstract: "Epsilon spent by T rounds with sampling rate q (or m of N without replacement) and noise multiplier z.",
        discussion: """
        Examples:
          chorus privacy epsilon --noise-multiplier 1.0 --sampling-rate 0.1 --rounds 100 --delta 1e-5
          chorus privacy epsilon --noise-multiplier 2.0 --sample-size 100 --population 1000 --rounds 100 --delta 1e-5 --json
        """
    )

    @Option(parsing: .unconditional, help: "Noise multiplier z: noise std over the clip norm, z > 0.")
    var noiseMultiplier: Double?

    @Option(parsing: .unconditional, help: "Instead of z: the number n of discrete Gaussian noise shares summed in a round (with --share-sigma, --sensitivity, --dimension); accounted by Kairouz, Liu and Steinke's RDP bound.")
    var discreteShares: Int?

    @Option(parsing: .unconditional, help: "σ of each discrete Gaussian share, in integer steps.")
    var shareSigma: Double?

    @Option(parsing: .unconditional, help: "L2 sensitivity Δ₂ of one participant's rounded vector, in integer steps (L1 is taken as Δ₂·min(sqrt(d), Δ₂)).")
    var sensitivity: Double?

    @Option(parsing: .unconditional, help: "Length d of the summed integer vector.")
    var dimension: Int?

    @OptionGroup var run: PrivacyRunOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        switch (noiseMultiplier, discreteShares, shareSigma, sensitivity, dimension) {
        case (let z?, nil, nil, nil, nil):
            try PrivacyRunOptions.requirePositive(z, flag: "--noise-multiplier")
        case (nil, let n?, let sigma?, let delta2?, let d?):
            guard n >= 1, d >= 1 else { throw ValidationError("--discrete-shares and --dimension must be at least 1.") }
            try PrivacyRunOptions.requirePositive(sigma, flag: "--share-sigma")
            try PrivacyRunOptions.requirePositive(delta2, flag: "--sensitivity")
            guard run.accountant == .rdp else {
                throw ValidationError("--accountant pld covers the continuous Gaussian only; use --accountant rdp with --discrete-shares.")
            }
        default:
            throw ValidationError("pass either --noise-multiplier z, or all of --discrete-shares, --share-sigma, --sensitivity and --dimension.")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.privacy")
        var accountant = PrivacyAccountant()
        let mechanism: String
        if let z = noiseMultiplier {
            try accountant.addRounds(sampling: run.sampling, noiseMultiplier: z, count: run.rounds)
            mechanism = "z = \(z)"
        } else if let n = discreteShares, let sigma = shareSigma, let delta2 = sensitivity, let d = dimension {
            let sum = DiscreteGaussianSum(shares: n, sigma: sigma, sensitivity: delta2, dimension: d)
            try accountant.addRounds(sampling: run.sampling, discreteGaussian: sum, count: run.rounds)
            mechanism = "\(n) discrete Gaussian shares of σ = \(sigma), Δ₂ = \(delta2), d = \(d), τ = \(sum.tau)"
        } else {
            throw ValidationError("no mechanism given")
        }
        let epsilon = try accountant.epsilon(delta: run.delta, accountant: run.accountant)
        logger.debug("privacy.epsilon", metadata: ["privacy.epsilon": "\(epsilon)"])
        if output.json {
            try output.printJSON(PrivacyAnswer(epsilon: epsilon, run: run, noiseMultiplier: noiseMultiplier))
        } else {
            print("epsilon \(epsilon) at \(run.statement), \(mechanism)")
        }
    }
}
