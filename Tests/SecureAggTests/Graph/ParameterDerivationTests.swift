import SecureAgg
import Testing

/// k and t derived from n, the dropout and corrupt fractions meet the stated bounds.
struct ParameterDerivationTests {
    /// The sparse graph needs far fewer neighbours than n for large rounds, and its
    /// threshold exceeds half the holders (so honest holders never release both secrets
    /// to a server with fewer corrupt holders than the bound), within the 2^-40 and
    /// 2^-20 targets.
    @Test(arguments: [100, 500, 1000])
    func sparseParametersMeetTheBounds(participants: Int) throws {
        let derived = try SecureAggParameters.derive(participants: participants, dropoutFraction: 0.1,
                                                     corruptFraction: 0.1, graph: .sparse)
        let parameters = derived.parameters
        #expect(parameters.graph == .sparse)
        #expect(parameters.degree < participants / 2)
        #expect(2 * parameters.threshold > parameters.degree + 1)
        #expect(parameters.threshold <= parameters.degree)
        #expect(derived.log2PrivacyFailure <= -40)
        #expect(derived.log2RoundFailure <= -20)
    }

    /// The complete graph's threshold is the worst-case one and leaves room for the dropouts.
    @Test func completeParametersAreWorstCase() throws {
        let derived = try SecureAggParameters.derive(participants: 100, dropoutFraction: 0.1, corruptFraction: 1.0 / 3,
                                                     graph: .complete)
        #expect(derived.parameters == SecureAggParameters(graph: .complete, degree: 99, threshold: 67))
        #expect(derived.toleratedDropouts == 10 && derived.toleratedCorrupt == 33)
        #expect(derived.log2PrivacyFailure == -.infinity)
    }

    /// A round too small for any sparse degree to meet the bounds falls back to the
    /// complete graph (n = 5: k = 2 is the only sparse degree, and one dropout can cut
    /// its ring); impossible bounds are a typed error.
    @Test func smallRoundsFallBackAndImpossibleBoundsThrow() throws {
        let small = try SecureAggParameters.derive(participants: 5, dropoutFraction: 0.1, corruptFraction: 0.1, graph: .sparse)
        #expect(small.parameters == SecureAggParameters(graph: .complete, degree: 4, threshold: 3))
        #expect(throws: SecureAggError.self) {
            _ = try SecureAggParameters.derive(participants: 100, dropoutFraction: 0.4, corruptFraction: 0.4, graph: .complete)
        }
        #expect(throws: SecureAggError.self) {
            _ = try SecureAggParameters.derive(participants: 1, dropoutFraction: 0.1, corruptFraction: 0.1, graph: .complete)
        }
    }
}
