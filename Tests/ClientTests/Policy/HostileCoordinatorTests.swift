import ChorusSupport
import Client
import Federation
import SecureAgg
import Testing

/// Honest participants (their policy and their secure-aggregation machines, in
/// memory) against a coordinator that deviates from the protocol. Each attack
/// must be refused by the participant or caught by the auditor, and no single
/// participant's input may become recoverable.
struct HostileCoordinatorTests {
    /// A round of `members` participants (ids 1...n) on the complete graph with threshold `threshold`.
    struct Round {
        let configuration: RoundConfiguration
        let keys: [ParticipantID: Ed25519SigningKey]

        /// - Parameter keys: the members' identity keys (fresh ones when nil).
        init(members: Int, threshold: Int, run: RunID = .random(), round: UInt64 = 1,
             keys given: [ParticipantID: Ed25519SigningKey]? = nil) throws {
            var keys: [ParticipantID: Ed25519SigningKey] = [:]
            var list: [RoundConfiguration.Member] = []
            for index in 1...members {
                let id = ParticipantID(UInt32(index))
                let key = try given?[id] ?? Ed25519SigningKey.generate()
                keys[id] = key
                list.append(RoundConfiguration.Member(id: id, identity: key.publicKey))
            }
            configuration = try RoundConfiguration(
                run: run, round: round, dimension: 8,
                parameters: SecureAggParameters(graph: .complete, degree: members - 1, threshold: threshold),
                graphSeed: [UInt8](repeating: 5, count: 32), members: list)
            self.keys = keys
        }

        var ids: [ParticipantID] { configuration.members.map(\.id) }
    }

    /// The coordinator runs stages 0–2 honestly, then shows `half` (which holds the target u,
    /// the lowest id) the full survivor set and everyone else the set without u, collects
    /// each half's consistency signatures and sends each half its own unmask request
    /// (u "dropped" for the second half). Returns how many shares of u's self-mask seed and
    /// of u's mask key the honest clients revealed: t of each rebuild both secrets, and with
    /// u's masked vector that is u's input.
    static func splitViewAttack(_ round: Round, half: Set<ParticipantID>) throws -> (seed: Int, maskKey: Int) {
        let config = round.configuration
        let target = round.ids[0]
        var clients = try runUntilConsistencyCheck(round)
        let full = round.ids, withoutTarget = Array(round.ids.dropFirst())
        var signatures: [Bool: [ConsistencySignature]] = [true: [], false: []]
        for id in round.ids {
            let seesTarget = half.contains(id)
            let reply = try clients[id]!.receive(ServerMessage(round: config.round,
                                                               body: .survivors(seesTarget ? full : withoutTarget)))
            guard case let .consistencySignature(signature) = reply.body else { continue }
            signatures[seesTarget, default: []].append(ConsistencySignature(signer: id, signature: signature))
        }
        var seed = 0, maskKey = 0
        for id in round.ids {
            let seesTarget = half.contains(id)
            let request = UnmaskRequest(survivors: seesTarget ? full : withoutTarget, dropped: seesTarget ? [] : [target],
                                        signatures: signatures[seesTarget] ?? [])
            guard let reply = try? clients[id]!.receive(ServerMessage(round: config.round, body: .unmaskRequest(request))),
                  case let .unmaskShares(shares) = reply.body else { continue }
            for share in shares where share.owner == target {
                switch share.kind {
                case .selfMaskSeed: seed += 1
                case .maskKey: maskKey += 1
                }
            }
        }
        return (seed, maskKey)
    }

    /// Every member's client after an honest server relayed stages 0–2 (all masked vectors are in).
    static func runUntilConsistencyCheck(_ round: Round) throws -> [ParticipantID: SecureAggClient] {
        let config = round.configuration
        var server = SecureAggServer(configuration: config)
        var clients: [ParticipantID: SecureAggClient] = [:]
        var pending: [ParticipantID: ServerMessage] = [:]
        func deliver(_ actions: [ServerAction]) {
            for case let .send(message, to) in actions { pending[to] = message }
        }
        for id in round.ids {
            var client = try SecureAggClient(configuration: config, participant: id, identity: round.keys[id]!,
                                             input: [UInt32](repeating: 7, count: config.dimension))
            deliver(server.receive(try client.start(), from: id))
            clients[id] = client
        }
        // Stages 1 and 2, honestly relayed, until the server opens the consistency check.
        while let first = pending.first, first.value.stage != .consistencyCheck {
            let batch = pending
            pending = [:]
            for (id, message) in batch.sorted(by: { $0.key < $1.key }) {
                deliver(server.receive(try clients[id]!.receive(message), from: id))
            }
        }
        return clients
    }

    /// Every way to split six participants into a half that sees u and one that does not.
    static func halves(of ids: [ParticipantID]) -> [Set<ParticipantID>] {
        let others = Array(ids.dropFirst())
        return (0..<(1 << others.count)).map { mask in
            Set([ids[0]] + others.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
        }
    }

    @Test func lowThresholdWithSplitSurvivorViewsIsDeclinedAndTheSafeOneRecoversNoInput() throws {
        let policy = ParticipantPolicy(collusion: .count(0))
        // t = 3 of 6 is what a hostile coordinator sends: it lets a split recover u's input...
        let low = try Round(members: 6, threshold: 3)
        let recovered = try Self.halves(of: low.ids).contains { half in
            let shares = try Self.splitViewAttack(low, half: half)
            return shares.seed >= 3 && shares.maskKey >= 3
        }
        #expect(recovered, "the attack itself must work at t = 3, or this test shows nothing")
        // ...so an honest participant declines it before any update leaves, saying why.
        let plan = try ParticipantPolicyTests.plan(z: 1, secure: low.configuration, minimumSurvivors: 3)
        let reason = try #require(policy.declineReason(for: plan, ledger: ParticipantLedger()))
        #expect(reason.contains("is below 4, the lowest safe threshold with 0 colluding participants"))
        // With the lowest threshold it accepts (t = ⌊6/2⌋ + 1 = 4) no split reveals both secrets of u.
        let safe = try Round(members: 6, threshold: 4)
        #expect(policy.declineReason(for: try ParticipantPolicyTests.plan(z: 1, secure: safe.configuration, minimumSurvivors: 4),
                                     ledger: ParticipantLedger()) == nil)
        for half in Self.halves(of: safe.ids) {
            let shares = try Self.splitViewAttack(safe, half: half)
            #expect(shares.seed < 4 || shares.maskKey < 4, "split \(half.sorted()): \(shares)")
        }
    }

    @Test func thresholdRuleCountsTheParticipantsOwnColluders() throws {
        // 10 members: t = 6 is safe against 1 colluder (⌊11/2⌋ + 1) but not against 3 (⌊13/2⌋ + 1 = 7).
        let round = try Round(members: 10, threshold: 6)
        let plan = try ParticipantPolicyTests.plan(z: 1, secure: round.configuration, minimumSurvivors: 6)
        #expect(ParticipantPolicy(collusion: .count(1)).declineReason(for: plan, ledger: ParticipantLedger()) == nil)
        let wary = ParticipantPolicy(collusion: .fraction(0.3))
        #expect(wary.declineReason(for: plan, ledger: ParticipantLedger())?.contains("below 7") == true)
    }

    @Test func understatedMemberCountToShrinkNoiseSharesIsDeclined() throws {
        // Shares sized for 50 survivors (each σ/√50) in a round of 5 members: 5 shares sum
        // to a third of the promised noise.
        let round = try Round(members: 5, threshold: 4)
        let plan = try ParticipantPolicyTests.plan(z: 1, secure: round.configuration, minimumSurvivors: 50,
                                                   expectedParticipants: 60)
        let policy = ParticipantPolicy(collusion: .count(0))
        let reason = try #require(policy.declineReason(for: plan, ledger: ParticipantLedger()))
        #expect(reason == "noise shares are sized for 50 survivors but the round has 5 members: each share would be too small")
        // What it could count on is the 5 members' shares, far below z = 1.
        #expect(try #require(try policy.accountedSum(for: plan)).noiseMultiplier < 0.35)
    }

    @Test func signaturesReplayedFromAnotherRunAreRefused() throws {
        // The same members with the same identity keys, the same round id, two runs.
        let first = try Round(members: 4, threshold: 3, round: 1)
        let second = try Round(members: 4, threshold: 3, round: 1, keys: first.keys)
        let ids = first.ids
        // A key advertisement signed in the first run, replayed in the second.
        var speaker = try SecureAggClient(configuration: first.configuration, participant: ids[1], identity: first.keys[ids[1]]!,
                                          input: [UInt32](repeating: 0, count: 8))
        guard case let .advertiseKeys(advertisement) = try speaker.start().body else { Issue.record("no advertisement"); return }
        var listener = try SecureAggClient(configuration: second.configuration, participant: ids[0], identity: second.keys[ids[0]]!,
                                           input: [UInt32](repeating: 0, count: 8))
        _ = try listener.start()
        #expect(throws: SecureAggError.invalidSignature(peer: ids[1], field: "key advertisement")) {
            _ = try listener.receive(ServerMessage(round: 1, body: .keyRoster([advertisement])))
        }
        // Survivor-set signatures of the first run, replayed to unlock shares in the second.
        var old = try Self.runUntilConsistencyCheck(first)
        var signatures: [ConsistencySignature] = []
        for id in ids {
            guard case let .consistencySignature(signature) = try old[id]!.receive(ServerMessage(round: 1, body: .survivors(ids))).body
            else { continue }
            signatures.append(ConsistencySignature(signer: id, signature: signature))
        }
        var current = try Self.runUntilConsistencyCheck(second)
        _ = try current[ids[0]]!.receive(ServerMessage(round: 1, body: .survivors(ids)))
        let replayed = UnmaskRequest(survivors: ids, dropped: [], signatures: signatures.filter { $0.signer != ids[0] })
        #expect(throws: SecureAggError.invalidSignature(peer: ids[1], field: "survivor set")) {
            _ = try current[ids[0]]!.receive(ServerMessage(round: 1, body: .unmaskRequest(replayed)))
        }
    }

    /// The sparse graph's bound on a participant's corrupt neighbours holds only for a
    /// random seed, and the coordinator draws it: a default participant declines a
    /// sparse round, however safe its threshold, and takes it only when told to trust
    /// the coordinator's seed.
    @Test func aSparseGraphPlanIsDeclinedByADefaultParticipant() throws {
        let derived = try SecureAggParameters.derive(participants: 100, dropoutFraction: 0.1, corruptFraction: 0.1, graph: .sparse)
        #expect(derived.parameters.graph == .sparse)
        var members: [RoundConfiguration.Member] = []
        for index in 1...100 {
            members.append(RoundConfiguration.Member(id: ParticipantID(UInt32(index)), identity: try Ed25519SigningKey.generate().publicKey))
        }
        let configuration = try RoundConfiguration(run: .random(), round: 1, dimension: 8, parameters: derived.parameters,
                                                   graphSeed: RoundConfiguration.randomGraphSeed(), members: members)
        let plan = try ParticipantPolicyTests.plan(z: 1, secure: configuration, minimumSurvivors: derived.parameters.threshold,
                                                  expectedParticipants: 100)
        let reason = try #require(ParticipantPolicy().declineReason(for: plan, ledger: ParticipantLedger()))
        #expect(reason.hasPrefix("the round masks over a sparse graph"))
        #expect(reason.contains("--allow-sparse-graph"))
        #expect(ParticipantPolicy(allowsSparseGraph: true).declineReason(for: plan, ledger: ParticipantLedger()) == nil)
    }

    @Test func aPlanWithoutDPIsDeclinedByADefaultParticipant() throws {
        let round = try Round(members: 5, threshold: 4)
        let plan = try ParticipantPolicyTests.plan(z: 0, secure: round.configuration, minimumSurvivors: 4)
        let reason = try #require(ParticipantPolicy().declineReason(for: plan, ledger: ParticipantLedger()))
        #expect(reason.hasPrefix("the round adds no DP noise"))
    }
}
