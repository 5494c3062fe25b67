import Foundation
import Server
import Testing

struct CoordinatorConfigTests {
    @Test func defaultsRoundTripThroughJSONAndValidate() throws {
        let config = CoordinatorConfig.defaults(hosts: ["coord.example.org"])
        let decoded = try CoordinatorConfig.decode(config.encoded(), path: "config.json")
        #expect(decoded == config)
    }

    @Test func bothSamplingKindsAtOnceAreRefused() throws {
        var config = CoordinatorConfig.defaults(hosts: [])
        config.sampling.participantsPerRound = 5
        #expect(throws: ServerError.config(path: "config.json", reason: "sampling must be either a rate or participants_per_round, not both")) {
            try config.validate(path: "config.json")
        }
    }

    @Test func unknownGraphIsRefused() throws {
        var config = CoordinatorConfig.defaults(hosts: [])
        config.secureAggregation.graph = "ring"
        #expect(throws: ServerError.config(path: "c", reason: "secure_aggregation.graph must be complete or sparse")) {
            try config.validate(path: "c")
        }
    }
}
