import ChorusSupport
import Client
import DifferentialPrivacy
import Federation
import ML
import SecureAgg
import Testing
import Transport

/// The participant's session driven by frames in memory, without sockets:
/// plan checks, the ledger ahead of every update that leaves, how rounds are
/// counted, and leaving a round on purpose.
struct ParticipantSessionTests {
    static let round: UInt64 = 3

    struct Fixture {
        let coordinator: Ed25519SigningKey
        let participant: Ed25519SigningKey
        var session: ParticipantSession

        init(policy: ParticipantPolicy = ParticipantPolicy(maximumEpsilon: 50, allowsPlainUpdates: true)) throws {
            coordinator = try Ed25519SigningKey.generate()
            participant = try Ed25519SigningKey.generate()
            session = ParticipantSession(policy: policy, coordinatorKey: coordinator.publicKey, signingKey: participant,
                                         ledger: ParticipantLedger())
        }

        /// A plan frame for `round`, plain unless `secure`, signed by `signer` (the coordinator by default).
        func planFrame(z: Double = 1, secure: RoundConfiguration? = nil, signer: Ed25519SigningKey? = nil) throws -> Frame {
            let architecture = ParticipantPolicyTests.architecture
            var plan = try ParticipantPolicyTests.plan(z: z, secure: secure, minimumSurvivors: secure == nil ? 6 : 2,
                                                       expectedParticipants: secure == nil ? 10 : 2)
            plan.round = secure?.round ?? ParticipantSessionTests.round
            let parameters = [Float](repeating: 0.01, count: architecture.parameterCount)
            plan.modelHash = PlanMessage.modelHash(parameters)
            let payload = PlanMessage.encode(plan: plan, signingKey: signer ?? coordinator,
                                             encodedParameters: PlanMessage.encodedParameters(parameters))
            return Frame(type: FrameKind.plan.rawValue, round: plan.round, payload: payload)
        }

        static func notice(_ outcome: Notice.Outcome, round: UInt64 = ParticipantSessionTests.round) -> Frame {
            Frame(type: FrameKind.notice.rawValue, round: round, payload: Notice(outcome: outcome, message: "m").encode())
        }

        /// Accepts a plain plan and computes its update without training data.
        mutating func sendPlainUpdate() throws -> [ParticipantSession.Action] {
            let asked = session.receive(try planFrame())
            guard case let .computeUpdate(plan, parameters)? = asked.first else {
                Issue.record("expected to be asked to train: \(asked)")
                return []
            }
            return session.updateComputed(Result { () throws(ClientError) in
                try LocalUpdate.compute(plan: plan, parameters: parameters, data: nil)
            })
        }
    }

    @Test func planNotSignedByTheCoordinatorEndsTheSession() throws {
        var fixture = try Fixture()
        let actions = fixture.session.receive(try fixture.planFrame(signer: try Ed25519SigningKey.generate()))
        guard case .fail(.planSignature(round: Self.round))? = actions.first else {
            Issue.record("\(actions)")
            return
        }
    }

    @Test func planBelowThePolicysNoiseIsDeclinedWithItsReason() throws {
        var fixture = try Fixture(policy: ParticipantPolicy(minimumNoiseMultiplier: 1.5, allowsPlainUpdates: true))
        let actions = fixture.session.receive(try fixture.planFrame(z: 1))
        let sent = actions.compactMap { if case let .send(kind, _, payload, _) = $0 { (kind, payload) } else { nil } }
        #expect(sent.count == 1 && sent.first?.0 == .decline)
        #expect(try Decline.decode(sent.first?.1 ?? []).reason == "noise multiplier 1.0 is below this participant's minimum 1.5")
        #expect(fixture.session.summary.declined == 1)
        #expect(!actions.contains { if case .computeUpdate = $0 { true } else { false } }, "no training for a declined plan")
    }

    /// The ledger is written, and the receipt kept, before the plain update leaves.
    @Test func plainUpdateLeavesOnlyAfterTheLedgerAndReceiptAreWritten() throws {
        var fixture = try Fixture()
        let actions = try fixture.sendPlainUpdate()
        let ledger = try #require(actions.firstIndex { if case .saveLedger = $0 { true } else { false } })
        let receipt = try #require(actions.firstIndex { if case .keepReceipt = $0 { true } else { false } })
        let update = try #require(actions.firstIndex { if case .send(.plainUpdate, _, _, .maskedInput) = $0 { true } else { false } })
        #expect(ledger < update && receipt < update)
        guard case let .saveLedger(saved, entry) = actions[ledger] else { return }
        #expect(saved.entries.last == entry && entry.round == Self.round && !entry.masked)
    }

    @Test func roundIsCountedAsContributedOnlyWhenTheCoordinatorAppliedIt() throws {
        var applied = try Fixture()
        _ = try applied.sendPlainUpdate()
        _ = applied.session.receive(Fixture.notice(.completed))
        #expect(applied.session.summary.contributed == 1 && applied.session.summary.aborted == 0)

        var aborted = try Fixture()
        _ = try aborted.sendPlainUpdate()
        _ = aborted.session.receive(Fixture.notice(.aborted))
        #expect(aborted.session.summary.contributed == 0 && aborted.session.summary.aborted == 1)

        var bystander = try Fixture()
        _ = bystander.session.receive(Fixture.notice(.completed))
        let untouched = bystander.session.summary
        #expect(untouched.contributed == 0 && untouched.aborted == 0, "a round we sent nothing to is not ours")
    }

    @Test func updateThatCannotBeComputedIsDeclinedAndTheSessionGoesOn() throws {
        var fixture = try Fixture()
        _ = fixture.session.receive(try fixture.planFrame())
        let actions = fixture.session.updateComputed(.failure(.disconnected(reason: "diverged")))
        #expect(actions.contains { if case .send(.decline, Self.round, _, nil) = $0 { true } else { false } })
        #expect(fixture.session.summary.declined == 1)
        #expect(!actions.contains { if case .saveLedger = $0 { true } else { false } })
    }

    @Test func leavingARoundClosesTheConnectionAndIsCounted() throws {
        var fixture = try Fixture()
        _ = fixture.session.receive(try fixture.planFrame())
        let actions = fixture.session.leave(at: .beforeAdvertising)
        guard case .report(.droppedOut(round: Self.round, .beforeAdvertising))? = actions.first,
              case .close(.droppedOut)? = actions.last else {
            Issue.record("\(actions)")
            return
        }
        #expect(fixture.session.summary.droppedOut == 1)
    }

    /// A connection replaced by another with the same key ends the session with an
    /// error that is not retried: reconnecting would replace the other process's
    /// connection in turn, and the two would take turns forever.
    @Test func aReplacedNoticeFailsTheSessionWithoutRetrying() throws {
        var fixture = try Fixture()
        let actions = fixture.session.receive(Fixture.notice(.replaced, round: 0))
        guard case .fail(let error)? = actions.last, case .replacedByAnotherConnection = error else {
            Issue.record("\(actions)")
            return
        }
        #expect(!error.isConnectionLoss(afterSession: true))
    }

    @Test func runFinishedNoticeClosesTheSession() throws {
        var fixture = try Fixture()
        let actions = fixture.session.receive(Fixture.notice(.runFinished, round: 9))
        guard case .close(.runFinished)? = actions.last else {
            Issue.record("\(actions)")
            return
        }
    }

    /// A secure round's first message is the key advertisement; nothing is
    /// ledgered until the masked vector leaves.
    @Test func secureRoundStartsWithItsKeysAndNoLedgerLine() throws {
        var policy = ParticipantPolicy(maximumEpsilon: 50)
        policy.collusion = .fraction(0)
        var fixture = try Fixture(policy: policy)
        let other = try Ed25519SigningKey.generate()
        let members = [RoundConfiguration.Member(id: ParticipantID(0), identity: fixture.participant.publicKey),
                       RoundConfiguration.Member(id: ParticipantID(1), identity: other.publicKey)]
        let secure = try RoundConfiguration(
            run: RunID.random(), round: Self.round, dimension: UpdateLayout.vectorLength(dimension: ParticipantPolicyTests.architecture.parameterCount),
            parameters: SecureAggParameters(graph: .complete, degree: 1, threshold: 2), graphSeed: [UInt8](repeating: 1, count: 32),
            members: members)
        let asked = fixture.session.receive(try fixture.planFrame(secure: secure))
        guard case let .computeUpdate(plan, parameters)? = asked.first else {
            Issue.record("expected to be asked to train: \(asked)")
            return
        }
        let actions = fixture.session.updateComputed(Result { () throws(ClientError) in
            try LocalUpdate.compute(plan: plan, parameters: parameters, data: nil)
        })
        #expect(actions.contains { if case .send(.secureAggClient, Self.round, _, .advertiseKeys) = $0 { true } else { false } },
                "\(actions)")
        #expect(!actions.contains { if case .saveLedger = $0 { true } else { false } })
    }
}
