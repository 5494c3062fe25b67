import ChorusSupport
import SecureAgg

/// Runs a whole round in one process: a server machine and one client machine per
/// roster member, every message passed through its wire encoding. It is the harness
/// of the protocol tests and of `chorus bench secagg`, not a deployment path.
///
/// Participants in `dropouts[stage]` vanish just before answering that stage (the
/// server learns it as a disconnection). Time is read only through the optional
/// `now` closure (nanoseconds), so the harness stays clock-free in tests.
package struct LocalRound {
    /// Cost of one stage: compute per answering client and for the server, and bytes.
    package struct StageCost: Sendable {
        package var clientNanoseconds: [UInt64] = []
        package var serverNanoseconds: UInt64 = 0
        /// Bytes of all client messages of the stage.
        package var uplinkBytes = 0
        /// Bytes of all server messages that opened the stage.
        package var downlinkBytes = 0

        package init() {}
    }

    /// What happened in the round.
    package struct Outcome: Sendable {
        package var sum: [UInt32]?
        package var survivors: [ParticipantID] = []
        package var abortReason: SecureAggError?
        package var clientErrors: [ParticipantID: SecureAggError] = [:]
        package var droppedByServer: [ParticipantID: SecureAggError] = [:]
        package var costs: [Stage: StageCost] = [:]

        package init() {}
    }

    private var server: SecureAggServer
    private var clients: [ParticipantID: SecureAggClient] = [:]
    private var inbox: [ParticipantID: [UInt8]] = [:]
    private var outcome = Outcome()
    private let now: (() -> UInt64)?

    /// Plays the round to its end.
    /// - Parameters:
    ///   - identities: every roster member's signing key.
    ///   - input: each participant's vector, asked once when its client is made.
    /// - Throws: what a client's initialiser throws (a wrong input length, a key mismatch).
    package static func run(configuration: RoundConfiguration, identities: [ParticipantID: Ed25519SigningKey],
                            dropouts: [Stage: Set<ParticipantID>] = [:], now: (() -> UInt64)? = nil,
                            input: (ParticipantID) -> [UInt32]) throws(SecureAggError) -> Outcome {
        var round = LocalRound(server: SecureAggServer(configuration: configuration), now: now)
        for member in configuration.members {
            guard let identity = identities[member.id] else { throw .unknownParticipant(member.id) }
            round.clients[member.id] = try SecureAggClient(configuration: configuration, participant: member.id,
                                                           identity: identity, input: input(member.id))
        }
        while let stage = round.server.stage {
            for id in round.clients.keys.sorted() {
                round.step(id, stage: stage, droppingOut: dropouts[stage]?.contains(id) ?? false)
            }
            if round.server.stage == stage {
                round.handle(round.timedServer(stage) { $0.deadlineElapsed(stage: stage) })
            }
        }
        return round.outcome
    }

    private init(server: SecureAggServer, now: (() -> UInt64)?) {
        self.server = server
        self.now = now
    }

    /// One client's turn in `stage`: answer the message that opened it (or start).
    private mutating func step(_ id: ParticipantID, stage: Stage, droppingOut: Bool) {
        guard var client = clients.removeValue(forKey: id) else { return }
        let opening = inbox.removeValue(forKey: id)
        guard !droppingOut, stage == .advertiseKeys || opening != nil else {
            if droppingOut { handle(timedServer(stage) { $0.peerDisconnected(id) }) }
            return
        }
        let started = now?() ?? 0
        let reply: [UInt8]
        do throws(SecureAggError) {
            if let opening {
                reply = try client.receive(ServerMessage.decode(opening[...])).encode()
            } else {
                reply = try client.start().encode()
            }
        } catch {
            outcome.clientErrors[id] = error
            handle(timedServer(stage) { $0.peerDisconnected(id) })
            return
        }
        outcome.costs[stage, default: StageCost()].clientNanoseconds.append((now?() ?? 0) &- started)
        outcome.costs[stage, default: StageCost()].uplinkBytes += reply.count
        if !client.isFinished { clients[id] = client }
        handle(timedServer(stage) { server in
            do throws(SecureAggError) {
                return server.receive(try ClientMessage.decode(reply[...]), from: id)
            } catch {
                return [.dropPeer(id, reason: error)] + server.peerDisconnected(id)
            }
        })
    }

    /// Runs `body` on the server, adding its time to `stage`'s server cost.
    private mutating func timedServer(_ stage: Stage, _ body: (inout SecureAggServer) -> [ServerAction]) -> [ServerAction] {
        let started = now?() ?? 0
        let actions = body(&server)
        outcome.costs[stage, default: StageCost()].serverNanoseconds += (now?() ?? 0) &- started
        return actions
    }

    private mutating func handle(_ actions: [ServerAction]) {
        for action in actions {
            switch action {
            case let .send(message, to):
                let bytes = message.encode()
                outcome.costs[message.stage, default: StageCost()].downlinkBytes += bytes.count
                inbox[to] = bytes
            case let .dropPeer(peer, reason):
                outcome.droppedByServer[peer] = reason
                clients[peer] = nil
            case let .completeRound(sum, survivors):
                outcome.sum = sum
                outcome.survivors = survivors
            case let .abortRound(reason):
                outcome.abortReason = reason
            }
        }
    }
}
