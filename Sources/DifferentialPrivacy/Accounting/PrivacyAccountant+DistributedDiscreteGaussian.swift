extension PrivacyAccountant {
    /// Adds one round of `mechanism` in which `noisySurvivors` participants
    /// added their noise shares, their sample drawn by `sampling`: accounted as
    /// the sum of the shares that protect one participant (the others', less
    /// the assumed colluders') with the discrete Gaussian's own RDP bound. The
    /// coordinator and the auditor both account rounds through this one path.
    /// - Throws: `.outOfRange` when the mechanism adds no noise or no share
    ///   protects a participant (such a round has no finite epsilon).
    public mutating func addRound(of mechanism: DistributedDiscreteGaussian, sampling: SamplingScheme,
                                  noisySurvivors: Int) throws(DifferentialPrivacyError) {
        guard let sum = mechanism.accountedSum(noisySurvivors: noisySurvivors) else {
            throw .outOfRange(parameter: "noisy survivors", value: Double(noisySurvivors),
                              expected: "more than 1 + \(mechanism.assumedColluders) (the assumed colluders), with noise on")
        }
        try addRounds(sampling: sampling, discreteGaussian: sum)
    }
}
