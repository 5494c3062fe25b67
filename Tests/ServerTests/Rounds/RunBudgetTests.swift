import DifferentialPrivacy
import Server
import Testing

/// The budget rule checked before each round: no round starts that would take
/// epsilon (at the promised noise) past the budget.
struct RunBudgetTests {
    static func run(budget: Double, dp: Bool = true) throws -> (RunParameters, CoordinatorConfig, DistributedDiscreteGaussian) {
        var config = CoordinatorConfig.defaults(hosts: [])
        config.rounds = 100
        config.privacy.enabled = dp
        config.privacy.epsilonBudget = budget
        let run = try RunParameters(config: config, rosterSize: 10)
        return (run, config, try run.mechanism(dimension: 100))
    }

    @Test func refusesTheRoundThatWouldPassTheBudgetAndNotTheOnesBefore() throws {
        let (run, config, mechanism) = try Self.run(budget: 20)
        var accountant = PrivacyAccountant()
        var round: UInt64 = 1
        while try RunBudget.refusal(round: round, accountant: accountant, mechanism: mechanism, run: run,
                                    privacy: config.privacy) == nil {
            try accountant.addRound(of: mechanism, sampling: run.sampling, noisySurvivors: run.minimumSurvivors)
            #expect(try accountant.epsilon(delta: config.privacy.delta, accountant: config.privacy.accountant) <= 20)
            round += 1
            try #require(round < 10_000, "the budget must run out")
        }
        guard case let .budgetExhausted(refused, epsilon, budget)? = try RunBudget.refusal(
            round: round, accountant: accountant, mechanism: mechanism, run: run, privacy: config.privacy) else {
            Issue.record("expected budgetExhausted")
            return
        }
        #expect(refused == round && epsilon > 20 && budget == 20)
        #expect(round > 1, "a budget of 20 pays for at least one round")
    }

    @Test func withDifferentialPrivacyOffNoRoundIsRefused() throws {
        let (run, config, mechanism) = try Self.run(budget: 1e-9, dp: false)
        #expect(try RunBudget.refusal(round: 1, accountant: PrivacyAccountant(), mechanism: mechanism, run: run,
                                      privacy: config.privacy) == nil)
    }
}
