import ChorusSupport
import Federation
import Logging
import ML
import SecureAgg
import Transport

/// A participant: connects to the coordinator over mutual TLS 1.3, and for
/// each round plan it receives verifies the coordinator's signature, checks its
/// policy (declining with a reason), trains, privatizes, and answers every
/// secure-aggregation stage until the coordinator ends the run.
public struct Participant: Sendable {
    public let configuration: ParticipantConfiguration
    private let signingKey: IdentitySigningKey
    let logger: Logger

    /// What a session did, when the run is over.
    public struct Summary: Sendable, Equatable {
        /// Rounds this participant sent an update to and the coordinator applied.
        public var contributed = 0
        /// Rounds this participant sent an update to that the coordinator aborted (nothing applied).
        public var aborted = 0
        public var declined = 0
        public var droppedOut = 0
        public var abandoned = 0
    }

    /// - Throws: `ClientError.secureAggregation` when the identity key cannot sign.
    public init(configuration: ParticipantConfiguration, logger: Logger) throws(ClientError) {
        self.configuration = configuration
        self.logger = logger
        do {
            var seed = try configuration.identity.withRawSeed { Array($0) }
            defer { for index in seed.indices { seed[index] = 0 } }
            signingKey = try IdentitySigningKey(seed: seed)
        } catch let error as SecureAggError {
            throw .secureAggregation(error)
        } catch {
            throw .transport(error as? TransportError ?? .handshakeFailed(peer: "identity", reason: "\(error)"))
        }
    }

    /// Runs until the coordinator says the run is over. After a deliberate
    /// dropout (`configuration.dropout`) it reconnects for later rounds; while
    /// the coordinator is unreachable (not started yet, restarting, a network
    /// cut) it keeps trying for `configuration.reconnectWindow`.
    /// - Throws: `ClientError` when the coordinator refuses us, or stays
    ///   unreachable past the window.
    public func run() async throws(ClientError) -> Summary {
        var session = Session(schedule: DropoutSchedule(rule: configuration.dropout), ledger: try loadLedger())
        let clock = ContinuousClock()
        var everConnected = false
        var lostSince: ContinuousClock.Instant?
        var pause = Duration.milliseconds(250)
        while true {
            do throws(ClientError) {
                let connection = try await connect()
                logger.info("connected; waiting for a round plan", metadata: ["coordinator": "\(configuration.host):\(configuration.port)"])
                everConnected = true
                lostSince = nil
                pause = .milliseconds(250)
                switch try await serve(connection, session: &session) {
                case .runFinished: return session.summary
                case .droppedOut: continue
                }
            } catch {
                guard error.isConnectionLoss(afterSession: everConnected) else { throw error }
                let since = lostSince ?? clock.now
                lostSince = since
                guard clock.now - since < configuration.reconnectWindow else { throw error }
                logger.warning(everConnected ? "lost the coordinator; reconnecting" : "cannot reach the coordinator; retrying", metadata: [
                    "reason": "\(error)", "window_seconds": "\(configuration.reconnectWindow.components.seconds)",
                ])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(4))
            }
        }
    }

    private func connect() async throws(ClientError) -> TransportConnection {
        let limits = FederationWire.frameLimits(dimension: configuration.maximumParameters,
                                                participants: configuration.maximumMembers)
        do {
            return try await TransportClient.connect(
                host: configuration.host, port: configuration.port,
                tls: ClientTLSConfiguration(identity: configuration.identity, trustedCA: configuration.trustedCA),
                options: TransportOptions(limits: limits, readTimeout: configuration.readTimeout), logger: logger)
        } catch {
            throw .transport(error)
        }
    }

    enum Ending { case runFinished, droppedOut }

    /// The state that outlives one connection.
    struct Session {
        var schedule: DropoutSchedule
        var ledger: ParticipantLedger
        var summary = Summary()
        /// The round whose update was sent and whose outcome the coordinator has not told yet.
        var awaitingOutcome: UInt64?

        /// Counts the round the coordinator's notice ends as applied or aborted, if we sent to it.
        mutating func roundEnded(_ round: UInt64, _ outcome: Notice.Outcome) {
            guard awaitingOutcome == round else { return }
            awaitingOutcome = nil
            switch outcome {
            case .completed: summary.contributed += 1
            case .aborted: summary.aborted += 1
            case .runFinished: break
            }
        }

        mutating func sentUpdate(round: UInt64) {
            awaitingOutcome = round
        }
    }

    /// A round this connection takes part in.
    struct ActiveRound {
        let plan: RoundPlan
        var client: SecureAggClient?
        let dropout: DropoutPoint?
        /// The ledger line and the signed plan written when the update leaves.
        let entry: ParticipantLedger.Entry
        let receipt: [UInt8]
    }

    private func serve(_ connection: TransportConnection, session: inout Session) async throws(ClientError) -> Ending {
        var active: ActiveRound?
        var frames = connection.frames.makeAsyncIterator()
        while true {
            let frame: Frame?
            do { frame = try await frames.next() } catch { throw .transport(error) }
            guard let frame else { throw .disconnected(reason: "connection closed") }
            guard let kind = FrameKind(rawValue: frame.type) else {
                logger.warning("unknown frame type from coordinator", metadata: ["type": "\(frame.type)"])
                continue
            }
            switch kind {
            case .plan:
                active = nil
                switch try await start(frame, connection: connection, session: &session) {
                case .joined(let round): active = round
                case .declined: break
                case .droppedOut: return .droppedOut
                }
            case .secureAggServer:
                guard let round = active, round.plan.round == frame.round else {
                    logger.debug("secure-aggregation message for a round not in progress", metadata: ["round": "\(frame.round)"])
                    continue
                }
                active = nil
                switch try await answer(frame, round: round, connection: connection, session: &session) {
                case .continuing(let next): active = next
                case .abandoned: break
                case .droppedOut: return .droppedOut
                }
            case .notice:
                let notice: Notice
                do { notice = try Notice.decode(frame.payload) } catch {
                    logger.warning("malformed notice from coordinator", metadata: ["reason": "\(error)"])
                    continue
                }
                if notice.outcome == .runFinished {
                    logger.info("the coordinator ended the run", metadata: ["message": "\(notice.message)"])
                    await connection.close()
                    return .runFinished
                }
                logger.debug("round ended", metadata: ["round": "\(frame.round)", "outcome": "\(notice.outcome)",
                                                       "message": "\(notice.message)"])
                configuration.observer?(.roundEnded(round: frame.round, notice.outcome))
                session.roundEnded(frame.round, notice.outcome)
                active = nil
                logger.info("waiting for the next round plan", metadata: ["coordinator": "\(configuration.host):\(configuration.port)"])
            case .decline, .secureAggClient, .plainUpdate:
                logger.warning("coordinator sent a participant's frame type", metadata: ["type": "\(kind)"])
            }
        }
    }

    enum Start { case joined(ActiveRound), declined, droppedOut }

    /// Verifies the plan, applies the policy, computes the update and sends the first message.
    private func start(_ frame: Frame, connection: TransportConnection,
                       session: inout Session) async throws(ClientError) -> Start {
        let message: PlanMessage
        let entry: ParticipantLedger.Entry
        do {
            message = try PlanMessage.decode(frame.payload, coordinatorKey: configuration.coordinatorKey)
            guard message.plan.round == frame.round else {
                throw FederationError.invalidField(field: "plan.round", reason: "\(message.plan.round) in a frame of round \(frame.round)")
            }
            entry = try ledgerEntry(for: message.plan)
        } catch FederationError.badSignature {
            throw .planSignature(round: frame.round)
        } catch {
            try await decline(round: frame.round, reason: "refused plan: \(error)", connection: connection, session: &session)
            return .declined
        }
        let plan = message.plan
        if let reason = configuration.policy.declineReason(for: plan, ledger: session.ledger) {
            try await decline(round: plan.round, reason: reason, connection: connection, session: &session)
            return .declined
        }
        let point = session.schedule.nextRound(secure: plan.secureAggregation != nil)
        if point == .beforeAdvertising {
            await dropOut(plan.round, point: .beforeAdvertising, connection: connection, session: &session)
            return .droppedOut
        }
        let update: LocalUpdate
        do {
            update = try LocalUpdate.compute(plan: plan, parameters: message.parameters, data: configuration.data)
        } catch {
            // A diverged model or data that does not fit it: sit this round out, stay connected.
            try await decline(round: plan.round, reason: "cannot compute an update: \(error)", connection: connection,
                              session: &session)
            return .declined
        }
        configuration.observer?(.update(round: plan.round, update))
        logger.debug("update ready", metadata: ["round": "\(plan.round)", "loss": "\(update.loss)",
                                               "training_s": "\(update.trainingSeconds)"])
        guard let secure = plan.secureAggregation else {
            try record(entry, session: &session)
            try keepReceipt(message.receipt, of: entry)
            try await send(.plainUpdate, round: plan.round, PlainUpdate(vector: update.vector).encode(), on: connection)
            session.sentUpdate(round: plan.round)
            if point == .afterMaskedInput {
                await dropOut(plan.round, point: .afterMaskedInput, connection: connection, session: &session)
                return .droppedOut
            }
            return .joined(ActiveRound(plan: plan, client: nil, dropout: point, entry: entry, receipt: message.receipt))
        }
        var client: SecureAggClient
        let first: ClientMessage
        do {
            client = try SecureAggClient(configuration: secure, participant: plan.participant, identity: signingKey,
                                         input: update.vector)
            first = try client.start()
        } catch {
            try await decline(round: plan.round, reason: "cannot take part in secure aggregation: \(error)",
                              connection: connection, session: &session)
            return .declined
        }
        try await send(.secureAggClient, round: plan.round, first.encode(), on: connection)
        #if CHORUS_FAULT_INJECTION
        CrashPoint.reach("participant.sent-\(first.stage)")
        #endif
        session.sentUpdate(round: plan.round)
        if point == .afterAdvertising {
            await dropOut(plan.round, point: .afterAdvertising, connection: connection, session: &session)
            return .droppedOut
        }
        return .joined(ActiveRound(plan: plan, client: client, dropout: point, entry: entry, receipt: message.receipt))
    }

    enum Answer { case continuing(ActiveRound), abandoned, droppedOut }

    /// Feeds one server message to the secure-aggregation client and sends its reply.
    private func answer(_ frame: Frame, round: ActiveRound, connection: TransportConnection,
                        session: inout Session) async throws(ClientError) -> Answer {
        guard var client = round.client else {
            abandon(round.plan.round, reason: "secure-aggregation message in a plain round", session: &session)
            return .abandoned
        }
        let clock = ContinuousClock()
        let started = clock.now
        let reply: ClientMessage
        do {
            let message = try ServerMessage.decode(frame.payload[...])
            if case let .survivors(survivors) = message.body,
               let reason = configuration.policy.abandonReason(survivors: survivors.count, plan: round.plan) {
                abandon(round.plan.round, reason: reason, session: &session)
                return .abandoned
            }
            reply = try client.receive(message)
        } catch {
            abandon(round.plan.round, reason: "\(error)", session: &session)
            return .abandoned
        }
        configuration.observer?(.answered(round: round.plan.round, stage: reply.stage, seconds: (clock.now - started).seconds))
        try note(reply.stage, of: round, session: &session)
        try await send(.secureAggClient, round: round.plan.round, reply.encode(), on: connection)
        #if CHORUS_FAULT_INJECTION
        CrashPoint.reach("participant.sent-\(reply.stage)")
        #endif
        if let point = DropoutPoint.after(reply.stage), point == round.dropout {
            await dropOut(round.plan.round, point: point, connection: connection, session: &session)
            return .droppedOut
        }
        return .continuing(ActiveRound(plan: round.plan, client: client, dropout: round.dropout, entry: round.entry, receipt: round.receipt))
    }

    private func decline(round: UInt64, reason: String, connection: TransportConnection,
                         session: inout Session) async throws(ClientError) {
        logger.info("declining round", metadata: ["round": "\(round)", "reason": "\(reason)"])
        session.summary.declined += 1
        configuration.observer?(.declined(round: round, reason: reason))
        try await send(.decline, round: round, Decline(reason: reason).encode(), on: connection)
    }

    private func abandon(_ round: UInt64, reason: String, session: inout Session) {
        logger.warning("abandoning round", metadata: ["round": "\(round)", "reason": "\(reason)"])
        session.summary.abandoned += 1
        session.awaitingOutcome = nil
        configuration.observer?(.abandoned(round: round, reason: reason))
    }

    /// Closes the connection on purpose (simulated dropouts).
    private func dropOut(_ round: UInt64, point: DropoutPoint, connection: TransportConnection,
                         session: inout Session) async {
        logger.info("dropping out", metadata: ["round": "\(round)", "point": "\(point)"])
        session.summary.droppedOut += 1
        configuration.observer?(.droppedOut(round: round, point))
        await connection.close()
    }

    private func send(_ kind: FrameKind, round: UInt64, _ payload: [UInt8],
                      on connection: TransportConnection) async throws(ClientError) {
        do {
            try await connection.send(Frame(type: kind.rawValue, round: round, payload: payload))
        } catch {
            throw .transport(error)
        }
    }
}
