import Federation
import SecureAgg
import Server
import Testing
import Transport

/// The coordinator's round logic driven in a loop without sockets or clocks
/// (`RoundBench`): sampling shortfalls, every stage's deadline and dropout,
/// declines, commits before unmasking, and aborts below the promised survivors.
struct RoundCoordinatorTests {
    @Test func secureRoundCompletesWithEveryonesSumAndCommitsBeforeTheFirstUnmaskRequest() throws {
        var bench = try RoundBench(enrolled: 5, selected: [0, 1, 2, 3, 4], connected: [0, 1, 2, 3, 4], secure: true,
                                   minimumSurvivors: 3)
        try bench.play()
        let actions = bench.actions
        guard case .spendRound? = actions.first, case .sendPlans(let ids, let secure)? = actions.dropFirst().first else {
            Issue.record("the round id must be spent before any plan leaves: \(actions.prefix(2))")
            return
        }
        #expect(ids.map(\.rawValue) == [0, 1, 2, 3, 4] && secure != nil)
        #expect(actions.completion?.survivors == [0, 1, 2, 3, 4])
        #expect(actions.completion?.sum == bench.sum(of: [0, 1, 2, 3, 4]))
        let commit = try #require(actions.commitIndex, "a completed round was committed")
        let unmask = try #require(actions.firstUnmaskRequest)
        #expect(commit < unmask, "committed (accounted, checkpointed) before the aggregate can be unmasked")
        let steps = actions.compactMap { if case let .stepEnded(name, _) = $0 { name } else { nil } }
        #expect(steps == ["plan+train", "share-keys", "masked-input", "consistency", "unmask"])
    }

    @Test func plainRoundCommitsBeforeCompletingWithTheSumOfUpdates() throws {
        var bench = try RoundBench(enrolled: 3, selected: [0, 1, 2], connected: [0, 1, 2], secure: false, minimumSurvivors: 2)
        try bench.play()
        let completed = try #require(bench.actions.firstIndex { if case .complete = $0 { true } else { false } })
        #expect(try #require(bench.actions.commitIndex) < completed)
        #expect(bench.actions.completion?.sum == bench.sum(of: [0, 1, 2]))
    }

    @Test func roundAbortsWhenFewerSampledParticipantsAreConnectedThanItNeeds() throws {
        var bench = try RoundBench(enrolled: 4, selected: [1, 3], connected: [0, 1, 2], secure: true, minimumSurvivors: 2)
        try bench.play()
        #expect(bench.machine.isFinished)
        #expect(bench.actions.abortReason == "1 participants sampled, fewer than the 2 a round needs")
        #expect(bench.actions.contains { if case .note(.absent(selected: 2, absent: 1)) = $0 { true } else { false } })
        #expect(!bench.actions.contains { if case .sendPlans = $0 { true } else { false } }, "no plan leaves")
    }

    /// A member silent from `stage` on is dropped at that stage's deadline; the
    /// round completes with those whose masked vectors are in the sum.
    @Test(arguments: Stage.allCases)
    func silentMemberIsDroppedAtTheStageDeadlineAndTheRoundCompletes(stage: Stage) throws {
        var bench = try RoundBench(enrolled: 6, selected: [0, 1, 2, 3, 4, 5], connected: [0, 1, 2, 3, 4, 5], secure: true,
                                   minimumSurvivors: 2)
        try bench.play([5: .silentAt(stage)])
        #expect(bench.actions.contains { if case .note(.deadlinePassed(stage)) = $0 { true } else { false } })
        #expect(bench.actions.dropped.contains(5))
        let inSum = stage.rawValue > Stage.maskedInput.rawValue
        #expect(bench.actions.completion?.survivors == (inSum ? [0, 1, 2, 3, 4, 5] : [0, 1, 2, 3, 4]), "\(bench.actions)")
        #expect(bench.actions.completion?.sum == bench.sum(of: inSum ? [0, 1, 2, 3, 4, 5] : [0, 1, 2, 3, 4]))
    }

    /// A member whose connection closes at `stage` is a dropout at once: no deadline is awaited.
    @Test(arguments: Stage.allCases)
    func memberLeavingAtAStageIsADropoutWithoutWaitingForTheDeadline(stage: Stage) throws {
        var bench = try RoundBench(enrolled: 6, selected: [0, 1, 2, 3, 4, 5], connected: [0, 1, 2, 3, 4, 5], secure: true,
                                   minimumSurvivors: 2)
        try bench.play([2: .leavesAt(stage)])
        #expect(!bench.actions.contains { if case .note(.deadlinePassed) = $0 { true } else { false } })
        let inSum = stage.rawValue > Stage.maskedInput.rawValue
        #expect(bench.actions.completion?.survivors == (inSum ? [0, 1, 2, 3, 4, 5] : [0, 1, 3, 4, 5]), "\(bench.actions)")
    }

    @Test func plainTrainingDeadlineDropsTheSilentAndCompletesWithTheOthers() throws {
        var bench = try RoundBench(enrolled: 3, selected: [0, 1, 2], connected: [0, 1, 2], secure: false, minimumSurvivors: 2)
        try bench.play([1: .silentAt(.maskedInput)])
        #expect(bench.actions.dropped == [1])
        #expect(bench.actions.completion?.survivors == [0, 2])
        #expect(bench.actions.completion?.sum == bench.sum(of: [0, 2]))
    }

    /// Fewer contributors than the noise the run promised: the round aborts
    /// before anything could reveal the aggregate, and is never committed.
    @Test func roundWithFewerContributorsThanPromisedAbortsUncommitted() throws {
        var bench = try RoundBench(enrolled: 3, selected: [0, 1, 2], connected: [0, 1, 2], secure: false, minimumSurvivors: 3)
        try bench.play([0: .declines])
        #expect(bench.actions.contains { if case .note(.peerDeclined(ParticipantID(0), reason: "policy")) = $0 { true } else { false } })
        #expect(bench.actions.abortReason == "2 contributors, fewer than the 3 whose noise the run promised; the aggregate is not unmasked")
        #expect(bench.actions.commitIndex == nil && bench.actions.completion == nil)
    }

    /// Secure aggregation aborts below its threshold: nothing is unmasked, nothing committed.
    @Test func secureRoundAbortsWhenTooFewSurviveTheMaskedInputStage() throws {
        var bench = try RoundBench(enrolled: 4, selected: [0, 1, 2, 3], connected: [0, 1, 2, 3], secure: true, minimumSurvivors: 4)
        try bench.play([3: .leavesAt(.maskedInput)])
        #expect(bench.actions.abortReason?.hasPrefix("secure aggregation aborted: ") == true, "\(bench.actions)")
        #expect(bench.actions.commitIndex == nil && bench.actions.firstUnmaskRequest == nil)
    }

    @Test func unexpectedFrameTypeDropsOnlyItsSender() throws {
        var bench = try RoundBench(enrolled: 3, selected: [0, 1, 2], connected: [0, 1, 2], secure: false, minimumSurvivors: 2)
        try bench.play([2: .misbehaves])
        #expect(bench.actions.contains { if case .dropPeer(ParticipantID(2), _, connected: true) = $0 { true } else { false } })
        #expect(bench.actions.completion?.survivors == [0, 1])
    }

    @Test func framesOfAnotherRoundAndStaleDeadlinesChangeNothing() throws {
        var bench = try RoundBench(enrolled: 3, selected: [0, 1, 2], connected: [0, 1, 2], secure: false, minimumSurvivors: 2)
        try bench.carryOut(bench.machine.start())
        let foreign = bench.machine.receive(Frame(type: FrameKind.plainUpdate.rawValue, round: RoundBench.round + 1,
                                                  payload: PlainUpdate(vector: [1]).encode()), from: ParticipantID(0))
        guard case .note(.frameOfAnotherRound(ParticipantID(0), round: RoundBench.round + 1))? = foreign.first, foreign.count == 1 else {
            Issue.record("\(foreign)")
            return
        }
        #expect(bench.machine.deadlineElapsed(step: 3).isEmpty, "a deadline of a step not armed is stale")
        #expect(bench.machine.peerDisconnected(ParticipantID(9), reason: "not a member").isEmpty)
        #expect(!bench.machine.isFinished)
    }
}
