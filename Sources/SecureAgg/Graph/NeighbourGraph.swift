/// Who masks with whom and who holds whose shares.
///
/// The complete graph joins every pair. The sparse graph is the Harary graph H(n, k):
/// participants sit on a ring in an order drawn from the round's graph seed, and
/// each is joined to the k/2 nearest on either side, so every participant has exactly
/// k neighbours and, by the random order, its neighbour set is a uniformly random
/// k-subset of the others. Both ends derive the same graph from the configuration.
struct NeighbourGraph: Sendable {
    /// The roster, sorted by id.
    let participants: [ParticipantID]
    let parameters: SecureAggParameters
    /// Ring position of each participant (sparse graph only).
    private let position: [ParticipantID: Int]
    /// Participant at each ring position (sparse graph only).
    private let ring: [ParticipantID]

    init(participants: [ParticipantID], parameters: SecureAggParameters, seed: [UInt8]) throws(SecureAggError) {
        self.participants = participants
        self.parameters = parameters
        switch parameters.graph {
        case .complete:
            ring = []
            position = [:]
        case .sparse:
            var shuffle = try GraphShuffle(seed: seed)
            ring = shuffle.shuffled(participants)
            var position: [ParticipantID: Int] = [:]
            for (index, id) in ring.enumerated() { position[id] = index }
            self.position = position
        }
    }

    /// Whether `a` and `b` (distinct roster members) are neighbours.
    func areNeighbours(_ a: ParticipantID, _ b: ParticipantID) -> Bool {
        guard a != b else { return false }
        switch parameters.graph {
        case .complete:
            return true
        case .sparse:
            guard let first = position[a], let second = position[b] else { return false }
            let distance = abs(first - second)
            return min(distance, ring.count - distance) <= parameters.degree / 2
        }
    }

    /// The neighbours of `id`, sorted by id.
    func neighbours(of id: ParticipantID) -> [ParticipantID] {
        switch parameters.graph {
        case .complete:
            return participants.filter { $0 != id }
        case .sparse:
            guard let center = position[id] else { return [] }
            let half = parameters.degree / 2
            var result: [ParticipantID] = []
            result.reserveCapacity(parameters.degree)
            for offset in 1...half {
                result.append(ring[(center + offset) % ring.count])
                result.append(ring[(center - offset + ring.count) % ring.count])
            }
            return result.sorted()
        }
    }
}
