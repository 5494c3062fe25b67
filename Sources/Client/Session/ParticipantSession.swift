import ChorusSupport
import Federation
import SecureAgg
import Transport

/// A participant's side of the run as a pure state machine: it verifies each
/// plan and applies the policy (declining with a reason), asks the driver to
/// train, answers every secure-aggregation stage, keeps the ledger ahead of
/// every update that leaves, and counts how each round ended. Frames, the
/// computed update and a deliberate departure come in as events; sends,
/// training, ledger writes and reports go out as `Action`s for `Participant`.
package struct ParticipantSession: Sendable {
    /// A round this connection takes part in.
    private struct Round: Sendable {
        let plan: RoundPlan
        /// The ledger line and the signed plan written when the update leaves.
        let entry: ParticipantLedger.Entry
        let receipt: [UInt8]
        var client: SecureAggClient?
    }

    private enum State: Sendable {
        case waiting
        case training(Round)
        case aggregating(Round)
        case finished
    }

    private let policy: ParticipantPolicy
    private let coordinatorKey: Ed25519PublicKey
    private let signingKey: Ed25519SigningKey
    private var state = State.waiting
    private(set) var ledger: ParticipantLedger
    package private(set) var summary = Participant.Summary()
    /// The round whose update was sent and whose outcome the coordinator has not told yet.
    private var awaitingOutcome: UInt64?

    package init(policy: ParticipantPolicy, coordinatorKey: Ed25519PublicKey, signingKey: Ed25519SigningKey,
                 ledger: ParticipantLedger) {
        self.policy = policy
        self.coordinatorKey = coordinatorKey
        self.signingKey = signingKey
        self.ledger = ledger
    }

    /// A new connection: whatever round the old one was in is over for us.
    package mutating func connectionOpened() {
        state = .waiting
    }

    /// A frame from the coordinator.
    package mutating func receive(_ frame: Frame) -> [Action] {
        guard let kind = FrameKind(rawValue: frame.type) else { return [.note(.unknownFrameType(frame.type))] }
        switch kind {
        case .plan:
            return receivePlan(frame)
        case .secureAggServer:
            guard case .aggregating(let round) = state, round.plan.round == frame.round else {
                return [.note(.messageOutsideRound(round: frame.round))]
            }
            state = .waiting
            return answer(frame, round: consume round)
        case .notice:
            return receiveNotice(frame)
        case .decline, .secureAggClient, .plainUpdate:
            return [.note(.participantFrameType(kind))]
        }
    }

    /// The update asked for by `.computeUpdate`, or why it could not be computed.
    package mutating func updateComputed(_ result: Result<LocalUpdate, ClientError>) -> [Action] {
        guard case .training(var round) = state else { preconditionFailure("an update nobody asked for") }
        let plan = round.plan
        let update: LocalUpdate
        switch result {
        case .success(let computed): update = computed
        case .failure(let error):
            // A diverged model or data that does not fit it: sit this round out, stay connected.
            return decline(plan.round, reason: "cannot compute an update: \(error)")
        }
        var actions: [Action] = [.report(.update(round: plan.round, update)),
                                 .note(.updateReady(round: plan.round, loss: Double(update.loss), trainingSeconds: update.trainingSeconds))]
        guard let secure = plan.secureAggregation else {
            ledger.append(round.entry)
            awaitingOutcome = plan.round
            state = .aggregating(round)
            return actions + [.saveLedger(ledger, entry: round.entry), .keepReceipt(round.receipt, entry: round.entry),
                              .send(.plainUpdate, round: plan.round, payload: PlainUpdate(vector: update.vector).encode(),
                                    answering: .maskedInput)]
        }
        do {
            var client = try SecureAggClient(configuration: secure, participant: plan.participant, identity: signingKey,
                                             input: update.vector)
            let first = try client.start()
            round.client = client
            awaitingOutcome = plan.round
            state = .aggregating(round)
            actions.append(.send(.secureAggClient, round: plan.round, payload: first.encode(), answering: first.stage))
            return actions
        } catch {
            return decline(plan.round, reason: "cannot take part in secure aggregation: \(error)")
        }
    }

    /// We leave the round under way on purpose (a simulated dropout): the connection closes.
    package mutating func leave(at point: DropoutPoint) -> [Action] {
        let round: UInt64
        switch state {
        case .training(let current), .aggregating(let current): round = current.plan.round
        case .waiting, .finished: preconditionFailure("leaving outside a round")
        }
        summary.droppedOut += 1
        state = .waiting
        return [.report(.droppedOut(round: round, point)), .close(.droppedOut)]
    }

    private mutating func receivePlan(_ frame: Frame) -> [Action] {
        state = .waiting
        let message: PlanMessage
        let entry: ParticipantLedger.Entry
        do {
            message = try PlanMessage.decode(frame.payload, coordinatorKey: coordinatorKey)
            guard message.plan.round == frame.round else {
                throw FederationError.invalidField(field: "plan.round", reason: "\(message.plan.round) in a frame of round \(frame.round)")
            }
            let plan = message.plan
            let mechanism = try plan.quantization.mechanism(dimension: plan.architecture.parameterCount)
            entry = ParticipantLedger.Entry(run: plan.run.description, round: plan.round, noiseSigma: mechanism.noiseSigma,
                                            scale: mechanism.scale, accounted: try policy.accountedSum(for: plan),
                                            masked: plan.secureAggregation != nil)
        } catch FederationError.badSignature {
            state = .finished
            return [.fail(.planSignature(round: frame.round))]
        } catch {
            return decline(frame.round, reason: "refused plan: \(error)")
        }
        if let reason = policy.declineReason(for: message.plan, ledger: ledger) {
            return decline(message.plan.round, reason: reason)
        }
        state = .training(Round(plan: message.plan, entry: entry, receipt: message.receipt, client: nil))
        return [.computeUpdate(message.plan, parameters: message.parameters)]
    }

    /// Feeds one server message to the secure-aggregation client and sends its reply.
    /// `round` is the only copy left (the state was cleared), so once its client is taken
    /// out, the client holds the only reference to its input, which masking then changes
    /// in place instead of copying 4 bytes per coordinate first.
    private mutating func answer(_ frame: Frame, round: consuming Round) -> [Action] {
        guard var client = round.client.take() else {
            return abandon(round.plan.round, reason: "secure-aggregation message in a plain round")
        }
        let reply: ClientMessage
        do {
            let message = try ServerMessage.decode(frame.payload[...])
            if case let .survivors(survivors) = message.body,
               let reason = policy.abandonReason(survivors: survivors.count, plan: round.plan) {
                return abandon(round.plan.round, reason: reason)
            }
            reply = try client.receive(message)
        } catch {
            return abandon(round.plan.round, reason: "\(error)")
        }
        round.client = client
        state = .aggregating(round)
        var actions: [Action] = [.report(.answered(round: round.plan.round, stage: reply.stage, seconds: 0))]
        switch reply.stage {
        case .maskedInput:
            ledger.append(round.entry)
            actions.append(.saveLedger(ledger, entry: round.entry))
        case .unmask:
            actions.append(.keepReceipt(round.receipt, entry: round.entry))
        case .advertiseKeys, .shareKeys, .consistencyCheck:
            break
        }
        actions.append(.send(.secureAggClient, round: round.plan.round, payload: reply.encode(), answering: reply.stage))
        return actions
    }

    private mutating func receiveNotice(_ frame: Frame) -> [Action] {
        let notice: Notice
        do { notice = try Notice.decode(frame.payload) } catch { return [.note(.malformedNotice("\(error)"))] }
        switch notice.outcome {
        case .runFinished:
            state = .finished
            return [.note(.runEnded(message: notice.message)), .close(.runFinished)]
        case .replaced:
            state = .finished
            return [.fail(.replacedByAnotherConnection)]
        case .completed, .aborted:
            break
        }
        state = .waiting
        if awaitingOutcome == frame.round {
            awaitingOutcome = nil
            switch notice.outcome {
            case .completed: summary.contributed += 1
            case .aborted: summary.aborted += 1
            case .runFinished, .replaced: break
            }
        }
        return [.note(.roundEnded(round: frame.round, notice.outcome, message: notice.message)),
                .report(.roundEnded(round: frame.round, notice.outcome))]
    }

    private mutating func decline(_ round: UInt64, reason: String) -> [Action] {
        state = .waiting
        summary.declined += 1
        return [.report(.declined(round: round, reason: reason)),
                .send(.decline, round: round, payload: Decline(reason: reason).encode(), answering: nil)]
    }

    private mutating func abandon(_ round: UInt64, reason: String) -> [Action] {
        state = .waiting
        summary.abandoned += 1
        awaitingOutcome = nil
        return [.report(.abandoned(round: round, reason: reason))]
    }
}
