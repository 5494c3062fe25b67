import DifferentialPrivacy
import SecureAgg

/// Per-round choices: who takes part, and the secure-aggregation graph and
/// threshold for that many.
package enum RoundSampling {
    /// The participants selected for a round from the whole enrolled `roster`,
    /// before anyone's presence is considered, with libsodium randomness:
    /// each independently with probability q (Poisson), or m drawn uniformly
    /// without replacement. A selected participant who is not connected simply
    /// does not contribute; this is the sampling the accountant assumes.
    package static func sample(_ roster: [ParticipantID], scheme: SamplingScheme) throws(DifferentialPrivacyError) -> [ParticipantID] {
        var generator = try SecureRandomGenerator()
        return sample(roster, scheme: scheme, using: &generator)
    }

    /// `sample(_:scheme:)` with the randomness from `generator`.
    package static func sample(_ roster: [ParticipantID], scheme: SamplingScheme,
                               using generator: inout some RandomNumberGenerator) -> [ParticipantID] {
        switch scheme {
        case let .withoutReplacement(count, _):
            return Array(roster.shuffled(using: &generator).prefix(count)).sorted()
        case .poisson(let q):
            return roster.filter { _ in q >= 1 || Double.random(in: 0..<1, using: &generator) < q }.sorted()
        }
    }

    /// The graph and threshold for `n` members. The complete graph uses
    /// t = max(`ThresholdRule`'s lowest safe threshold, survivors the noise needs): the
    /// sum can then only be unmasked with at least as many survivors as the DP
    /// guarantee assumes. The sparse graph takes `ParameterDerivation`'s k and t, which
    /// apply the same rule per neighbourhood (falling back to complete when n is too
    /// small for it). Participants re-derive the rule with their own collusion
    /// assumption and decline a lower t.
    package static func parameters(members n: Int, config: CoordinatorConfig.SecureAggregation,
                           minimumSurvivors: Int) -> SecureAggParameters {
        if config.graph == "sparse",
           let derived = try? SecureAggParameters.derive(participants: n, dropoutFraction: config.toleratedDropoutFraction,
                                                         corruptFraction: config.toleratedCorruptFraction, graph: .sparse),
           derived.parameters.graph == .sparse {
            return derived.parameters
        }
        let corrupt = CollusionAssumption.fraction(config.toleratedCorruptFraction).colluders(among: n)
        let lowest = ThresholdRule.lowestSafeThreshold(graph: .complete, participants: n, degree: n - 1, colluders: corrupt)
        return SecureAggParameters(graph: .complete, degree: n - 1, threshold: min(n, max(lowest, minimumSurvivors)))
    }
}
