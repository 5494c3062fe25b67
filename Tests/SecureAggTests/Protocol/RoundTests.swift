import SecureAgg
import SecureAggHarness
import Testing
import TestSupport

/// Whole rounds in memory: the server outputs exactly the wrapping sum of the
/// survivors' inputs, whatever the dropouts, or aborts when fewer than t remain.
struct RoundTests {
    /// For n in 3...60 and random dropouts at every stage that leave enough
    /// participants, the unmasked sum equals the plain wrapping sum over the survivors.
    @Test(arguments: 0..<24)
    func unmaskedSumEqualsPlainSumWithRandomDropouts(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let n = Int.random(in: 3...60, using: &generator)
        let dimension = Int.random(in: 1...40, using: &generator)
        let sparse = n >= 8 && Bool.random(using: &generator)
        let degree = sparse ? 2 * Int.random(in: 3...min(6, (n - 2) / 2), using: &generator) : n - 1
        // Each client needs t partners that shared keys: keep t low enough for the drops below.
        let threshold = max(1, (degree + 1) / 2 - (sparse ? 2 : 0))
        let fixture = try RoundFixture(participants: n, dimension: dimension,
                                       parameters: SecureAggParameters(graph: sparse ? .sparse : .complete,
                                                                       degree: degree, threshold: threshold),
                                       graphSeed: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        // Drop at most one participant per stage in sparse graphs (so every neighbourhood keeps
        // t partners) and up to a quarter in complete graphs.
        var remaining = fixture.ids
        var dropouts: [Stage: Set<ParticipantID>] = [:]
        for stage in Stage.allCases {
            let budget = sparse ? 1 : max(0, (n - 1 - threshold) / 5)
            let count = Int.random(in: 0...budget, using: &generator)
            let leaving = Set(remaining.shuffled(using: &generator).prefix(count))
            dropouts[stage] = leaving
            if stage.rawValue <= Stage.maskedInput.rawValue { remaining.removeAll { leaving.contains($0) } }
        }
        let inputs = RoundFixture.inputs(for: fixture.ids, dimension: dimension, seed: seed)
        let outcome = try LocalRound.run(configuration: fixture.configuration, identities: fixture.identities,
                                         dropouts: dropouts) { inputs[$0] ?? [] }
        #expect(outcome.abortReason == nil, "seed \(seed), n \(n), k \(degree), t \(threshold)")
        #expect(outcome.clientErrors.isEmpty, "seed \(seed)")
        #expect(outcome.survivors == remaining.sorted(), "seed \(seed)")
        #expect(outcome.sum == RoundFixture.wrappingSum(inputs, over: outcome.survivors, dimension: dimension),
                "seed \(seed), n \(n), sparse \(sparse)")
    }

    /// The unmask request carries exactly t survivor signatures (not all n, which each
    /// client would verify), and with them every client unmasks and the sum is exact.
    @Test func unmaskRequestCarriesThresholdManySignaturesAndTheRoundCompletes() throws {
        var round = try ManualRound(.complete(7, threshold: 4))
        let ids = round.fixture.ids
        let inputs = RoundFixture.inputs(for: ids, dimension: 16, seed: 21)
        for id in ids { round.clients[id] = try round.fixture.client(id, input: inputs[id]) }
        try round.advertise()
        try round.answer()  // shares
        try round.answer()  // masked inputs
        try round.answer()  // consistency signatures
        for id in ids {
            guard case let .unmaskRequest(request)? = round.toClients[id]?.body else {
                Issue.record("no unmask request for \(id)")
                return
            }
            #expect(request.signatures.map(\.signer) == Array(ids.prefix(4)))
        }
        try round.answer()  // unmask shares
        guard case let .completeRound(sum, survivors)? = round.actions.last else {
            Issue.record("round did not complete: \(round.actions)")
            return
        }
        #expect(survivors == ids)
        #expect(sum == RoundFixture.wrappingSum(inputs, over: ids, dimension: 16))
    }

    /// Dropouts after the masked vectors were sent (stages 3 and 4) do not change the
    /// survivor set: those vectors stay in the sum and their seeds are rebuilt from shares.
    @Test func lateDropoutsStayInTheSum() throws {
        let fixture = try RoundFixture.complete(8, threshold: 4)
        let inputs = RoundFixture.inputs(for: fixture.ids, dimension: 16, seed: 99)
        let late: Set = [fixture.ids[1], fixture.ids[5]]
        let outcome = try LocalRound.run(configuration: fixture.configuration, identities: fixture.identities,
                                         dropouts: [.consistencyCheck: [fixture.ids[1]], .unmask: [fixture.ids[5]]]) {
            inputs[$0] ?? []
        }
        #expect(outcome.survivors == fixture.ids)
        #expect(late.isSubset(of: Set(outcome.survivors)))
        #expect(outcome.sum == RoundFixture.wrappingSum(inputs, over: fixture.ids, dimension: 16))
    }

    /// A participant that shared its keys and then went silent (a cut link: no
    /// disconnection is seen) is dropped at the masked-input deadline with a reason
    /// naming it and the stage, and the sum of the others is still unmasked: its
    /// pairwise masks are rebuilt from the survivors' shares.
    @Test func silentPeerIsDroppedAtTheDeadlineAndTheOthersAreSummed() throws {
        var round = try ManualRound(.complete(5, threshold: 3))
        let ids = round.fixture.ids
        let inputs = RoundFixture.inputs(for: ids, dimension: 16, seed: 5)
        for id in ids { round.clients[id] = try round.fixture.client(id, input: inputs[id]) }
        let silent = ids[2]
        try round.advertise()
        try round.answer()  // shares, from everyone
        round.toClients[silent] = nil
        try round.answer()  // masked inputs, from all but `silent`
        #expect(round.server.stage == .maskedInput)
        let actions = round.deadline(.maskedInput)
        #expect(actions.dropped == [silent: .missedDeadline(peer: silent, stage: .maskedInput)])
        #expect(round.server.stage == .consistencyCheck)
        try round.answer()  // consistency signatures
        try round.answer()  // unmask shares
        let others = ids.filter { $0 != silent }
        guard case let .completeRound(sum, survivors)? = round.actions.last else {
            Issue.record("expected the round to complete, got \(round.actions.last.map { "\($0)" } ?? "nothing")")
            return
        }
        #expect(survivors == others)
        #expect(sum == RoundFixture.wrappingSum(inputs, over: others, dimension: 16))
    }

    /// Below the threshold at any stage the server aborts with `tooFewParticipants`
    /// (or too few signatures) and completes no sum.
    @Test(arguments: Stage.allCases)
    func roundAbortsBelowThreshold(stage: Stage) throws {
        let fixture = try RoundFixture.complete(6, threshold: 4)
        let leaving = Set(fixture.ids.prefix(3))
        let outcome = try LocalRound.run(configuration: fixture.configuration, identities: fixture.identities,
                                         dropouts: [stage: leaving]) { _ in [UInt32](repeating: 1, count: 16) }
        #expect(outcome.sum == nil)
        switch stage {
        case .advertiseKeys:
            #expect(outcome.abortReason == .tooFewParticipants(stage: .advertiseKeys, count: 3, threshold: 4))
        case .shareKeys:
            #expect(outcome.abortReason == .tooFewParticipants(stage: .shareKeys, count: 3, threshold: 5))
        case .maskedInput:
            #expect(outcome.abortReason == .tooFewParticipants(stage: .maskedInput, count: 3, threshold: 4))
        case .consistencyCheck:
            #expect(outcome.abortReason == .tooFewConsistencySignatures(count: 3, threshold: 4))
        case .unmask:
            // 3 responders each hold one share per owner: below t = 4 for every owner.
            #expect(outcome.abortReason == .cannotReconstruct(peer: fixture.ids[0], shares: 3, threshold: 4))
        }
    }

    /// With one drop before sharing keys, a client left with fewer than t partners
    /// refuses to mask (so a server cannot strip its pairwise masks).
    @Test func clientRefusesToMaskWithFewerThanThresholdPartners() throws {
        let fixture = try RoundFixture.complete(5, threshold: 4)
        let outcome = try LocalRound.run(configuration: fixture.configuration, identities: fixture.identities,
                                         dropouts: [.shareKeys: [fixture.ids[0]]]) { _ in [UInt32](repeating: 1, count: 16) }
        #expect(outcome.sum == nil)
        #expect(outcome.abortReason == .tooFewParticipants(stage: .shareKeys, count: 4, threshold: 5))
    }
}
