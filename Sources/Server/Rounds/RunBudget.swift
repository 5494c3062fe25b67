import DifferentialPrivacy

/// The rule that stops a run before a round its privacy budget cannot pay for.
package enum RunBudget {
    /// The refusal when accounting `round` at the promised noise (the run's
    /// minimum survivors adding their shares) would take epsilon past the budget,
    /// or nil when the round may start (always with DP off).
    /// - Throws: `.accounting` when the accountant cannot evaluate the round.
    package static func refusal(round: UInt64, accountant: PrivacyAccountant, mechanism: DistributedDiscreteGaussian,
                                run: RunParameters, privacy: CoordinatorConfig.Privacy) throws(ServerError) -> ServerError? {
        guard run.privacy else { return nil }
        var trial = accountant
        let epsilon: Double
        do {
            try trial.addRound(of: mechanism, sampling: run.sampling, noisySurvivors: run.minimumSurvivors)
            epsilon = try trial.epsilon(delta: privacy.delta, accountant: privacy.accountant)
        } catch {
            throw .accounting(round: round, error)
        }
        guard epsilon > privacy.epsilonBudget else { return nil }
        return .budgetExhausted(round: round, epsilon: epsilon, budget: privacy.epsilonBudget)
    }
}
