import SecureAgg
import Server
import Testing
import TestSupport

struct RoundSamplingTests {
    /// The complete graph's threshold never lets the sum be unmasked with fewer
    /// survivors than the noise needs.
    @Test(arguments: [3, 5, 10, 40])
    func completeThresholdCoversTheSurvivorsTheNoiseNeeds(members: Int) {
        let config = CoordinatorConfig.defaults(hosts: []).secureAggregation
        for minimum in 1...members {
            let parameters = RoundSampling.parameters(members: members, config: config, minimumSurvivors: minimum)
            #expect(parameters.graph == .complete && parameters.degree == members - 1)
            #expect(parameters.threshold >= minimum && parameters.threshold > members / 2 && parameters.threshold <= members,
                    "n \(members), minimum \(minimum)")
        }
    }

    @Test func sparseGraphIsUsedWhenItFits() {
        var config = CoordinatorConfig.defaults(hosts: []).secureAggregation
        config.graph = "sparse"
        let parameters = RoundSampling.parameters(members: 1000, config: config, minimumSurvivors: 600)
        #expect(parameters.graph == .sparse && parameters.degree < 999)
    }

    @Test func fixedCountSamplesThatManyDistinctParticipantsOfTheRoster() throws {
        let roster = (0..<20).map { ParticipantID(UInt32($0)) }
        let sampled = try RoundSampling.sample(roster, scheme: .withoutReplacement(sampleSize: 7, population: 20))
        #expect(sampled.count == 7 && Set(sampled).count == 7 && Set(sampled).isSubset(of: Set(roster)))
        #expect(try RoundSampling.sample(roster, scheme: .poisson(rate: 1)) == roster)
    }

    /// Poisson sampling selects each enrolled participant independently at rate
    /// q: over many seeded rounds every participant's frequency is near q.
    @Test func poissonSelectsEachEnrolledParticipantAtTheRate() {
        let roster = (0..<50).map { ParticipantID(UInt32($0)) }
        var generator = SplitMix64(seed: 7)
        var counts = [Int](repeating: 0, count: roster.count)
        let rounds = 4000
        for _ in 0..<rounds {
            for id in RoundSampling.sample(roster, scheme: .poisson(rate: 0.1), using: &generator) { counts[Int(id.rawValue)] += 1 }
        }
        // Binomial(4000, 0.1): sd 19; allow 5 sd.
        #expect(counts.allSatisfy { abs($0 - 400) < 95 }, "\(counts)")
    }
}
