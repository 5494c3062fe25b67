import Federation
import SecureAgg

/// The round without secure aggregation (the FedAvg baseline): each sampled
/// participant sends its quantized vector in the clear and the coordinator adds
/// it into the running sum as it arrives. A pure machine with its own actions and
/// errors; ``Aggregation`` drives it with the same events as `SecureAggServer`.
package struct PlainAggregation: Sendable {
    /// What the coordinator does after an event.
    package enum Action: Sendable, Equatable {
        /// Close this participant's connection for the rest of the round.
        case dropPeer(ParticipantID, reason: PlainAggregationError)
        /// Every update is in: `sum` adds the `survivors`' vectors (wrapping).
        case completeRound(sum: [UInt32], survivors: [ParticipantID])
        /// Nobody's update arrived: the round ends without a result.
        case abortRound(reason: PlainAggregationError)
    }

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

    package mutating func receive(_ payload: [UInt8], from peer: ParticipantID) -> [Action] {
        guard pending.remove(peer) != nil else {
            return [.dropPeer(peer, reason: .duplicateUpdate(peer: peer))] + completeIfDone()
        }
        do {
            let update = try PlainUpdate.decode(payload, length: sum.count)
            RingSum.add(update.vector, into: &sum)
            survivors.append(peer)
        } catch {
            return [.dropPeer(peer, reason: .malformedUpdate(peer: peer, error))] + completeIfDone()
        }
        return completeIfDone()
    }

    package mutating func peerDisconnected(_ peer: ParticipantID) -> [Action] {
        pending.remove(peer)
        return completeIfDone()
    }

    /// Ends the stage with whoever answered; the others are dropped with `.missedDeadline`.
    package mutating func deadlineElapsed() -> [Action] {
        let late = pending.sorted().map { Action.dropPeer($0, reason: .missedDeadline(peer: $0, stage: .maskedInput)) }
        pending.removeAll()
        return late + completeIfDone()
    }

    private mutating func completeIfDone() -> [Action] {
        guard !finished, pending.isEmpty else { return [] }
        finished = true
        guard !survivors.isEmpty else { return [.abortRound(reason: .noUpdates)] }
        let total = sum
        sum = []
        return [.completeRound(sum: total, survivors: survivors.sorted())]
    }
}
