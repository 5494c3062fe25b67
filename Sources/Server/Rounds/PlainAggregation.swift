import Federation
import SecureAgg

/// The round without secure aggregation (the FedAvg baseline): each sampled
/// participant sends its quantized vector in the clear and the coordinator adds
/// it into the running sum as it arrives. Same actions as `SecureAggServer`.
package struct PlainAggregation: Sendable {
    private var pending: Set<ParticipantID>
    private var sum: [UInt32]
    private var survivors: [ParticipantID] = []
    private var finished = false

    package init(members: [ParticipantID], length: Int) {
        pending = Set(members)
        sum = [UInt32](repeating: 0, count: length)
    }

    /// The single stage of a plain round, or nil once it ended.
    package var stage: Stage? { finished ? nil : .maskedInput }

    /// Whose updates are in the sum, once the last one is in (nil before).
    package var contributors: [ParticipantID]? { finished && !survivors.isEmpty ? survivors.sorted() : nil }

    package mutating func receive(_ payload: [UInt8], from peer: ParticipantID) -> [ServerAction] {
        guard pending.remove(peer) != nil else {
            return [.dropPeer(peer, reason: .duplicate(peer: peer, field: "plain update"))] + completeIfDone()
        }
        do {
            let update = try PlainUpdate.decode(payload, length: sum.count)
            sum.withUnsafeMutableBufferPointer { total in
                for index in total.indices { total[index] &+= update.vector[index] }
            }
            survivors.append(peer)
        } catch {
            return [.dropPeer(peer, reason: .invalidField(field: "plain update", reason: "\(error)"))] + completeIfDone()
        }
        return completeIfDone()
    }

    package mutating func peerDisconnected(_ peer: ParticipantID) -> [ServerAction] {
        pending.remove(peer)
        return completeIfDone()
    }

    /// Ends the stage with whoever answered; the others are dropped with `.missedDeadline`.
    package mutating func deadlineElapsed() -> [ServerAction] {
        let late = pending.sorted().map { ServerAction.dropPeer($0, reason: .missedDeadline(peer: $0, stage: .maskedInput)) }
        pending.removeAll()
        return late + completeIfDone()
    }

    private mutating func completeIfDone() -> [ServerAction] {
        guard !finished, pending.isEmpty else { return [] }
        finished = true
        guard !survivors.isEmpty else { return [.abortRound(reason: .tooFewParticipants(stage: .maskedInput, count: 0, threshold: 1))] }
        let total = sum
        sum = []
        return [.completeRound(sum: total, survivors: survivors.sorted())]
    }
}

/// One round's aggregation, secure or plain, driven by the same events.
enum Aggregation: Sendable {
    case secure(SecureAggServer)
    case plain(PlainAggregation)

    var stage: Stage? {
        switch self {
        case .secure(let server): server.stage
        case .plain(let plain): plain.stage
        }
    }

    /// The participants whose contributions are in the aggregate, from the
    /// moment the coordinator can first see it: when secure aggregation asks
    /// for the unmasking shares, or when the last plain update is in.
    var contributorsOnceRevealing: [ParticipantID]? {
        switch self {
        case .secure(let server): server.stage == .unmask ? server.contributors : nil
        case .plain(let plain): plain.contributors
        }
    }

    /// The frame type participants answer with in this aggregation.
    var clientFrame: FrameKind {
        switch self {
        case .secure: .secureAggClient
        case .plain: .plainUpdate
        }
    }

    mutating func receive(_ payload: [UInt8], from peer: ParticipantID) -> [ServerAction] {
        switch self {
        case .secure(var server):
            self = .plain(PlainAggregation(members: [], length: 0))
            defer { self = .secure(server) }
            do {
                let message = try ClientMessage.decode(payload[...])
                return server.receive(message, from: peer)
            } catch {
                return [.dropPeer(peer, reason: error)] + server.peerDisconnected(peer)
            }
        case .plain(var plain):
            defer { self = .plain(plain) }
            return plain.receive(payload, from: peer)
        }
    }

    mutating func peerDisconnected(_ peer: ParticipantID) -> [ServerAction] {
        switch self {
        case .secure(var server):
            self = .plain(PlainAggregation(members: [], length: 0))
            defer { self = .secure(server) }
            return server.peerDisconnected(peer)
        case .plain(var plain):
            defer { self = .plain(plain) }
            return plain.peerDisconnected(peer)
        }
    }

    mutating func deadlineElapsed(stage: Stage) -> [ServerAction] {
        switch self {
        case .secure(var server):
            self = .plain(PlainAggregation(members: [], length: 0))
            defer { self = .secure(server) }
            return server.deadlineElapsed(stage: stage)
        case .plain(var plain):
            defer { self = .plain(plain) }
            return plain.deadlineElapsed()
        }
    }
}
