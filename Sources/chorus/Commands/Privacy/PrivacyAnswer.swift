import DifferentialPrivacy

/// What `chorus privacy epsilon --json` and `privacy calibrate --json` print: the
/// epsilon at the run's delta, the noise it takes, and the run the flags describe.
struct PrivacyAnswer: Encodable {
    var epsilon: Double
    var delta: Double
    var accountant: String
    var rounds: Int
    var samplingRate: Double
    var neighbouringRelation: String
    var sampleSize: Int?
    var population: Int?
    /// Given (`epsilon`) or found (`calibrate`); absent for a discrete Gaussian sum.
    var noiseMultiplier: Double?
    /// What `calibrate` was asked to stay within.
    var targetEpsilon: Double?

    init(epsilon: Double, run: PrivacyRunOptions, noiseMultiplier: Double?, targetEpsilon: Double? = nil) {
        self.epsilon = epsilon
        delta = run.delta
        accountant = run.accountant.rawValue
        rounds = run.rounds
        samplingRate = run.sampling.fraction
        neighbouringRelation = run.sampling.neighbouringRelation
        if case let .withoutReplacement(m, n) = run.sampling {
            sampleSize = m
            population = n
        }
        self.noiseMultiplier = noiseMultiplier
        self.targetEpsilon = targetEpsilon
    }
}
