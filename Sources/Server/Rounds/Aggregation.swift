import Federation
import SecureAgg

/// One round's aggregation, secure or plain, driven by the same events and
/// answering with the same actions, each in the machine's own terms.
enum Aggregation: Sendable {
    /// What the coordinator does after an event, whichever aggregation asked.
    enum Action: Sendable {
        /// Send a secure-aggregation message to one participant.
        case send(ServerMessage, to: ParticipantID)
        /// Close this participant's connection for the rest of the round.
        case dropPeer(ParticipantID, reason: Fault)
        /// The sum of the `survivors`' vectors is known.
        case completeRound(sum: [UInt32], survivors: [ParticipantID])
        /// The round ends without a result.
        case abortRound(reason: Fault)
    }

    /// Why a participant is dropped or the round aborted.
    enum Fault: Sendable, CustomStringConvertible {
        case secure(SecureAggError)
        case plain(PlainAggregationError)

        var description: String {
            switch self {
            case .secure(let error): "\(error)"
            case .plain(let error): "\(error)"
            }
        }
    }

    case secure(SecureAggServer)
    case plain(PlainAggregation)
    /// Held only while a machine is moved out to handle an event, so that its
    /// buffers are mutated in place rather than copied.
    case modifying

    var stage: Stage? {
        switch self {
        case .secure(let server): server.stage
        case .plain(let plain): plain.stage
        case .modifying: preconditionFailure("Aggregation read while handling an event")
        }
    }

    /// The participants whose contributions are in the aggregate, from the
    /// moment the coordinator can first see it: when secure aggregation asks
    /// for the unmasking shares, or when the last plain update is in.
    var contributorsOnceRevealing: [ParticipantID]? {
        switch self {
        case .secure(let server): server.stage == .unmask ? server.contributors : nil
        case .plain(let plain): plain.contributors
        case .modifying: preconditionFailure("Aggregation read while handling an event")
        }
    }

    /// The frame type participants answer with in this aggregation.
    var clientFrame: FrameKind {
        switch self {
        case .secure: .secureAggClient
        case .plain: .plainUpdate
        case .modifying: preconditionFailure("Aggregation read while handling an event")
        }
    }

    mutating func receive(_ payload: [UInt8], from peer: ParticipantID) -> [Action] {
        switch self {
        case .secure(var server):
            self = .modifying
            defer { self = .secure(server) }
            do {
                let message = try ClientMessage.decode(payload[...])
                return server.receive(message, from: peer).map(Self.action)
            } catch {
                return ([ServerAction.dropPeer(peer, reason: error)] + server.peerDisconnected(peer)).map(Self.action)
            }
        case .plain(var plain):
            self = .modifying
            defer { self = .plain(plain) }
            return plain.receive(payload, from: peer).map(Self.action)
        case .modifying:
            preconditionFailure("Aggregation re-entered while handling an event")
        }
    }

    mutating func peerDisconnected(_ peer: ParticipantID) -> [Action] {
        switch self {
        case .secure(var server):
            self = .modifying
            defer { self = .secure(server) }
            return server.peerDisconnected(peer).map(Self.action)
        case .plain(var plain):
            self = .modifying
            defer { self = .plain(plain) }
            return plain.peerDisconnected(peer).map(Self.action)
        case .modifying:
            preconditionFailure("Aggregation re-entered while handling an event")
        }
    }

    mutating func deadlineElapsed(stage: Stage) -> [Action] {
        switch self {
        case .secure(var server):
            self = .modifying
            defer { self = .secure(server) }
            return server.deadlineElapsed(stage: stage).map(Self.action)
        case .plain(var plain):
            self = .modifying
            defer { self = .plain(plain) }
            return plain.deadlineElapsed().map(Self.action)
        case .modifying:
            preconditionFailure("Aggregation re-entered while handling an event")
        }
    }

    private static func action(_ action: ServerAction) -> Action {
        switch action {
        case let .send(message, to): .send(message, to: to)
        case let .dropPeer(peer, reason): .dropPeer(peer, reason: .secure(reason))
        case let .completeRound(sum, survivors): .completeRound(sum: sum, survivors: survivors)
        case let .abortRound(reason): .abortRound(reason: .secure(reason))
        }
    }

    private static func action(_ action: PlainAggregation.Action) -> Action {
        switch action {
        case let .dropPeer(peer, reason): .dropPeer(peer, reason: .plain(reason))
        case let .completeRound(sum, survivors): .completeRound(sum: sum, survivors: survivors)
        case let .abortRound(reason): .abortRound(reason: .plain(reason))
        }
    }
}
