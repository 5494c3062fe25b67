import SecureAgg
import Server
import Testing

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

    @Test func fixedCountSamplesThatManyDistinctParticipants() throws {
        let connected = (0..<20).map { ParticipantID(UInt32($0)) }
        let sampled = try RoundSampling.sample(connected, rate: nil, count: 7)
        #expect(sampled.count == 7 && Set(sampled).count == 7 && Set(sampled).isSubset(of: Set(connected)))
        #expect(try RoundSampling.sample(connected, rate: 1, count: nil) == connected)
    }
}
