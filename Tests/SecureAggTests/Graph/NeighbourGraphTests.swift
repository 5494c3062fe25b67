import SecureAgg
import Testing
import TestSupport

/// The neighbour graphs are symmetric, k-regular and the same on every machine.
struct NeighbourGraphTests {
    /// Every participant of a sparse graph has exactly k neighbours, neighbourhood is
    /// symmetric, and the same seed gives the same graph while another seed does not.
    @Test(arguments: 0..<8)
    func sparseGraphIsRegularSymmetricAndSeeded(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let n = Int.random(in: 6...80, using: &generator)
        let degree = 2 * Int.random(in: 1...((n - 2) / 2), using: &generator)
        let graphSeed = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let parameters = SecureAggParameters(graph: .sparse, degree: degree, threshold: 1)
        let fixture = try RoundFixture(participants: n, dimension: 1, parameters: parameters, graphSeed: graphSeed)
        let configuration = fixture.configuration
        for id in fixture.ids {
            let neighbours = configuration.neighbours(of: id)
            #expect(neighbours.count == degree, "seed \(seed)")
            #expect(!neighbours.contains(id))
            for other in neighbours { #expect(configuration.neighbours(of: other).contains(id)) }
        }
        let again = try RoundConfiguration(run: configuration.run, round: 9, dimension: 1, parameters: parameters, graphSeed: graphSeed,
                                           members: configuration.members)
        #expect(fixture.ids.allSatisfy { again.neighbours(of: $0) == configuration.neighbours(of: $0) })
        var otherSeed = graphSeed
        otherSeed[0] ^= 1
        let other = try RoundConfiguration(run: configuration.run, round: 9, dimension: 1, parameters: parameters, graphSeed: otherSeed,
                                           members: configuration.members)
        #expect(!fixture.ids.allSatisfy { other.neighbours(of: $0) == configuration.neighbours(of: $0) } || degree == n - 2)
    }

    /// The complete graph joins everyone.
    @Test func completeGraphJoinsEveryone() throws {
        let fixture = try RoundFixture.complete(7, threshold: 4)
        for id in fixture.ids { #expect(fixture.configuration.neighbours(of: id) == fixture.ids.filter { $0 != id }) }
    }
}
