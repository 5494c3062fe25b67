import ChorusSupport
import SecureAgg
import TestSupport

/// A round's configuration with freshly generated identity keys for every member,
/// and seeded random inputs, for tests that drive the machines.
struct RoundFixture {
    let configuration: RoundConfiguration
    let identities: [ParticipantID: Ed25519SigningKey]

    init(participants: Int, dimension: Int, parameters: SecureAggParameters, run: RunID = .random(), round: UInt64 = 7,
         graphSeed: [UInt8] = [UInt8](repeating: 3, count: 32)) throws {
        var identities: [ParticipantID: Ed25519SigningKey] = [:]
        var members: [RoundConfiguration.Member] = []
        for index in 0..<participants {
            // Ids are sparse on purpose (every third integer) so nothing assumes 0..<n.
            let id = ParticipantID(UInt32(index * 3 + 1))
            let key = try Ed25519SigningKey.generate()
            identities[id] = key
            members.append(RoundConfiguration.Member(id: id, identity: key.publicKey))
        }
        configuration = try RoundConfiguration(run: run, round: round, dimension: dimension, parameters: parameters,
                                               graphSeed: graphSeed, members: members)
        self.identities = identities
    }

    /// The complete graph on `participants` with threshold `threshold`.
    static func complete(_ participants: Int, threshold: Int, dimension: Int = 16) throws -> RoundFixture {
        try RoundFixture(participants: participants, dimension: dimension,
                         parameters: SecureAggParameters(graph: .complete, degree: participants - 1, threshold: threshold))
    }

    var ids: [ParticipantID] { configuration.members.map(\.id) }

    /// A client of `id` with `input` (zeros by default).
    func client(_ id: ParticipantID, input: [UInt32]? = nil) throws -> SecureAggClient {
        guard let identity = identities[id] else { throw SecureAggError.unknownParticipant(id) }
        return try SecureAggClient(configuration: configuration, participant: id, identity: identity,
                                   input: input ?? [UInt32](repeating: 0, count: configuration.dimension))
    }

    /// Seeded inputs for every member and their wrapping sum over `survivors`.
    static func inputs(for ids: [ParticipantID], dimension: Int, seed: UInt64) -> [ParticipantID: [UInt32]] {
        var generator = SplitMix64(seed: seed)
        var inputs: [ParticipantID: [UInt32]] = [:]
        for id in ids {
            inputs[id] = (0..<dimension).map { _ in UInt32.random(in: .min ... .max, using: &generator) }
        }
        return inputs
    }

    static func wrappingSum(_ inputs: [ParticipantID: [UInt32]], over ids: [ParticipantID], dimension: Int) -> [UInt32] {
        var sum = [UInt32](repeating: 0, count: dimension)
        for id in ids {
            guard let input = inputs[id] else { continue }
            for index in 0..<dimension { sum[index] &+= input[index] }
        }
        return sum
    }
}

/// Pulls the messages addressed to each participant out of server actions.
extension [ServerAction] {
    var sent: [ParticipantID: ServerMessage] {
        var result: [ParticipantID: ServerMessage] = [:]
        for case let .send(message, to) in self { result[to] = message }
        return result
    }

    var dropped: [ParticipantID: SecureAggError] {
        var result: [ParticipantID: SecureAggError] = [:]
        for case let .dropPeer(peer, reason) in self { result[peer] = reason }
        return result
    }
}
