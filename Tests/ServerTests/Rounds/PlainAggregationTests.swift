import Federation
import SecureAgg
import Server
import Testing

struct PlainAggregationTests {
    static func payload(_ vector: [UInt32]) -> [UInt8] { PlainUpdate(vector: vector).encode() }

    @Test func sumsTheUpdatesAsTheyArriveAndCompletesWhenAllAnswered() {
        var aggregation = PlainAggregation(members: [ParticipantID(0), ParticipantID(1)], length: 3)
        #expect(aggregation.receive(Self.payload([1, 2, .max]), from: ParticipantID(1)).isEmpty)
        let actions = aggregation.receive(Self.payload([10, 20, 2]), from: ParticipantID(0))
        guard case let .completeRound(sum, survivors)? = actions.first else {
            Issue.record("expected the round to complete, got \(actions)")
            return
        }
        #expect(sum == [11, 22, 1]) // wrapping mod 2^32
        #expect(survivors == [ParticipantID(0), ParticipantID(1)])
        #expect(aggregation.stage == nil)
    }

    @Test func malformedUpdateDropsOnlyItsSender() {
        var aggregation = PlainAggregation(members: [ParticipantID(0), ParticipantID(1)], length: 3)
        let dropped = aggregation.receive(Self.payload([1, 2]), from: ParticipantID(0))
        guard case let .dropPeer(peer, _)? = dropped.first else {
            Issue.record("expected a dropped peer, got \(dropped)")
            return
        }
        #expect(peer == ParticipantID(0))
        let actions = aggregation.receive(Self.payload([4, 5, 6]), from: ParticipantID(1))
        guard case let .completeRound(sum, survivors)? = actions.first else {
            Issue.record("expected completion, got \(actions)")
            return
        }
        #expect(sum == [4, 5, 6] && survivors == [ParticipantID(1)])
    }

    @Test func deadlineDropsTheSilentAndEndsTheStageWithWhoAnswered() {
        var aggregation = PlainAggregation(members: [ParticipantID(0), ParticipantID(1)], length: 1)
        _ = aggregation.receive(Self.payload([7]), from: ParticipantID(0))
        let actions = aggregation.deadlineElapsed()
        guard actions.count == 2, case let .dropPeer(peer, reason) = actions[0],
              case let .completeRound(sum, survivors) = actions[1] else {
            Issue.record("expected the silent peer dropped, then completion, got \(actions)")
            return
        }
        #expect(peer == ParticipantID(1))
        #expect(reason == .missedDeadline(peer: ParticipantID(1), stage: .maskedInput))
        #expect(sum == [7] && survivors == [ParticipantID(0)])
        var empty = PlainAggregation(members: [ParticipantID(0)], length: 1)
        guard case .abortRound? = empty.peerDisconnected(ParticipantID(0)).first else {
            Issue.record("expected an abort with no survivor")
            return
        }
    }
}
