import DifferentialPrivacy

extension CoordinatorConfig {
    /// Turns DP on and sets the noise multiplier to the smallest z whose run of
    /// `rounds` rounds, accounted exactly as the coordinator accounts them (the
    /// run's distributed discrete Gaussian, one `addRound(of:sampling:noisySurvivors:)`
    /// per round) with only the fewest accepted contributors (`minimumSurvivors`)
    /// adding noise, stays at or below `targetEpsilon`; the epsilon budget
    /// becomes the target. More survivors add more noise, so a run never reports more.
    /// - Parameter rosterSize: the participants enrolled when the run starts.
    /// - Returns: the epsilon of that worst case at the calibrated z.
    /// - Throws: `ServerError.privacy` when no z up to 10^4 reaches the target.
    @discardableResult
    public mutating func calibrateNoise(targetEpsilon: Double, rosterSize: Int) throws(ServerError) -> Double {
        privacy.enabled = true
        privacy.noiseMultiplier = 1
        var run = try RunParameters(config: self, rosterSize: rosterSize)
        let dimension = model.architecture.parameterCount
        let (rounds, delta) = (self.rounds, privacy.delta)
        let calibrated: (noiseMultiplier: Double, epsilon: Double)
        do {
            calibrated = try NoiseCalibration.noiseMultiplier(targetEpsilon: targetEpsilon) { z throws(DifferentialPrivacyError) in
                run.noiseMultiplier = z
                let mechanism: DistributedDiscreteGaussian
                do { mechanism = try run.mechanism(dimension: dimension) } catch {
                    throw .calibrationFailed(targetEpsilon: targetEpsilon, reason: "\(error)")
                }
                var accountant = PrivacyAccountant()
                for _ in 0..<rounds {
                    try accountant.addRound(of: mechanism, sampling: run.sampling, noisySurvivors: run.minimumSurvivors)
                }
                return try accountant.epsilon(delta: delta, accountant: .rdp)
            }
        } catch {
            throw .calibration(targetEpsilon: targetEpsilon, rounds: rounds, error)
        }
        privacy.noiseMultiplier = calibrated.noiseMultiplier
        privacy.epsilonBudget = targetEpsilon
        return calibrated.epsilon
    }
}
