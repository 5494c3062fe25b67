import ChorusSupport
import SecureAgg
import SecureAggHarness

/// `chorus bench secagg`: a whole round in one process (every message through its
/// wire encoding), with per-stage client and server compute time and bytes. The
/// `dropout` fraction of participants vanish after sharing keys, before sending
/// their masked vectors: the case that makes the server rebuild their mask keys.
struct SecAggBenchmark {
    struct StageResult {
        var stage: Stage
        /// Median and maximum compute per answering client, milliseconds.
        var clientMedianMilliseconds: Double
        var clientMaxMilliseconds: Double
        /// Server compute over the stage, milliseconds.
        var serverMilliseconds: Double
        /// All bytes of the stage, both directions.
        var bytes: Int
        var uplinkBytesPerClient: Int
        var downlinkBytesPerClient: Int
    }

    struct Result {
        var derived: DerivedParameters
        var dropped: Int
        var stages: [StageResult]
        var sumCorrect: Bool
        var seconds: Double
    }

    let participants: Int
    let dimension: Int
    let dropout: Double
    let corrupt: Double
    let graph: SecureAggParameters.Graph

    /// Participant `id`'s input: a deterministic pseudo-random vector (no RNG needed).
    private func input(_ id: ParticipantID) -> [UInt32] {
        let salt = (id.rawValue &+ 1) &* 0x9E37_79B9
        return (0..<dimension).map { UInt32(truncatingIfNeeded: $0) &* 0x85EB_CA6B ^ salt }
    }

    func run() throws -> Result {
        let derived = try SecureAggParameters.derive(participants: participants, dropoutFraction: dropout,
                                                     corruptFraction: corrupt, graph: graph)
        var identities: [ParticipantID: Ed25519SigningKey] = [:]
        var members: [RoundConfiguration.Member] = []
        for index in 0..<participants {
            let id = ParticipantID(UInt32(index))
            let key = try Ed25519SigningKey.generate()
            identities[id] = key
            members.append(RoundConfiguration.Member(id: id, identity: key.publicKey))
        }
        let configuration = try RoundConfiguration(run: RunID.random(), round: 1, dimension: dimension, parameters: derived.parameters,
                                                   graphSeed: RoundConfiguration.randomGraphSeed(), members: members)
        let dropCount = Int((dropout * Double(participants)).rounded(.down))
        let dropped = Set((0..<dropCount).map { ParticipantID(UInt32($0 * participants / max(dropCount, 1))) })
        var outcome = LocalRound.Outcome()
        let seconds = try BenchClock.seconds {
            outcome = try LocalRound.run(configuration: configuration, identities: identities,
                                         dropouts: [.maskedInput: dropped], now: BenchClock.now, input: input)
        }
        var expected = [UInt32](repeating: 0, count: dimension)
        for id in outcome.survivors {
            let vector = input(id)
            for index in 0..<dimension { expected[index] &+= vector[index] }
        }
        let stages = Stage.allCases.map { stage in
            let cost = outcome.costs[stage] ?? LocalRound.StageCost()
            let clientMilliseconds = cost.clientNanoseconds.map { Double($0) / 1e6 }
            let answering = max(cost.clientNanoseconds.count, 1)
            return StageResult(stage: stage, clientMedianMilliseconds: BenchClock.median(clientMilliseconds),
                               clientMaxMilliseconds: clientMilliseconds.max() ?? 0,
                               serverMilliseconds: Double(cost.serverNanoseconds) / 1e6,
                               bytes: cost.uplinkBytes + cost.downlinkBytes,
                               uplinkBytesPerClient: cost.uplinkBytes / answering,
                               downlinkBytesPerClient: cost.downlinkBytes / answering)
        }
        let correct = outcome.sum == expected && outcome.survivors.count == participants - dropped.count
            && outcome.abortReason == nil && outcome.clientErrors.isEmpty
        return Result(derived: derived, dropped: dropped.count, stages: stages, sumCorrect: correct, seconds: seconds)
    }
}
