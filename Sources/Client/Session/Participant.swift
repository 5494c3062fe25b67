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

    public init(configuration: ParticipantConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until the coordinator says the run is over. While the coordinator is
    /// unreachable (not started yet, restarting, a network cut) it keeps trying
    /// for `configuration.reconnectWindow`.
    /// - Throws: `ClientError` when the coordinator refuses us, or stays
    ///   unreachable past the window; `.cancelled` when the task is cancelled
    ///   while it waits to reconnect (it then makes no further attempt).
    public func run() async throws(ClientError) -> Summary {
        try await run(departures: Staying())
    }

    /// `run()`, leaving rounds on purpose where `departures` says (simulated
    /// dropouts), and reconnecting for later rounds after each departure.
    package func run(departures: some RoundDepartures) async throws(ClientError) -> Summary {
        var departures = departures
        var session = ParticipantSession(policy: configuration.policy, coordinatorKey: configuration.coordinatorKey,
                                         signingKey: configuration.identity, ledger: try loadLedger())
        let clock = ContinuousClock()
        var everConnected = false
        var lostSince: ContinuousClock.Instant?
        var pause = Duration.milliseconds(250)
        while true {
            guard !Task.isCancelled else { throw .cancelled }
            do throws(ClientError) {
                let connection = try await connect()
                logger.info("connected; waiting for a round plan", metadata: ["coordinator": "\(configuration.host):\(configuration.port)"])
                everConnected = true
                lostSince = nil
                pause = .milliseconds(250)
                session.connectionOpened()
                switch try await serve(connection, session: &session, departures: &departures) {
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
                do { try await Task.sleep(for: pause) } catch { throw .cancelled }
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

    /// Feeds one connection's frames to the session and carries out its actions,
    /// until the run is over or we leave the round.
    private func serve(_ connection: TransportConnection, session: inout ParticipantSession,
                       departures: inout some RoundDepartures) async throws(ClientError) -> ParticipantSession.Ending {
        var frames = connection.frames.makeAsyncIterator()
        /// Where we leave the round under way, if we do.
        var departure: DropoutPoint?
        while true {
            let frame: Frame?
            do { frame = try await frames.next() } catch { throw .transport(error) }
            guard let frame else { throw .disconnected(reason: "connection closed") }
            let clock = ContinuousClock()
            let started = clock.now
            var pending = session.receive(frame)
            let seconds = (clock.now - started).seconds
            while !pending.isEmpty {
                let action = pending.removeFirst()
                switch action {
                case let .send(kind, round, payload, answering):
                    do { try await connection.send(Frame(type: kind.rawValue, round: round, payload: payload)) } catch {
                        throw .transport(error)
                    }
                    #if CHORUS_FAULT_INJECTION
                    if kind == .secureAggClient, let answering { CrashPoint.reach("participant.sent-\(answering)") }
                    #endif
                    if let answering, let point = DropoutPoint.after(answering), point == departure {
                        pending += session.leave(at: point)
                    }
                case let .computeUpdate(plan, parameters):
                    departure = departures.departure(secure: plan.secureAggregation != nil)
                    if departure == .beforeAdvertising {
                        pending += session.leave(at: .beforeAdvertising)
                        continue
                    }
                    let update: Result<LocalUpdate, ClientError>
                    do throws(ClientError) {
                        update = .success(try LocalUpdate.compute(plan: plan, parameters: parameters, data: configuration.data))
                    } catch {
                        update = .failure(error)
                    }
                    pending += session.updateComputed(update)
                case let .saveLedger(ledger, entry):
                    try save(ledger, entry: entry)
                case let .keepReceipt(receipt, entry):
                    try keepReceipt(receipt, of: entry)
                case .report(let event):
                    report(event, seconds: seconds)
                case .close(let ending):
                    await connection.close()
                    return ending
                case .fail(let error):
                    throw error
                case .note(let note):
                    log(note)
                }
            }
        }
    }

    /// Tells the observer, and logs what the operator of a participant wants to see.
    private func report(_ event: ParticipantEvent, seconds: Double) {
        switch event {
        case let .answered(round, stage, _):
            configuration.observer?(.answered(round: round, stage: stage, seconds: seconds))
            return
        case let .declined(round, reason):
            logger.info("declining round", metadata: ["round": "\(round)", "reason": "\(reason)"])
        case let .abandoned(round, reason):
            logger.warning("abandoning round", metadata: ["round": "\(round)", "reason": "\(reason)"])
        case let .droppedOut(round, point):
            logger.info("dropping out", metadata: ["round": "\(round)", "point": "\(point)"])
        case .update, .contributed, .roundEnded:
            break
        }
        configuration.observer?(event)
    }

    private func log(_ note: ParticipantSession.Note) {
        switch note {
        case .unknownFrameType(let type):
            logger.warning("unknown frame type from coordinator", metadata: ["type": "\(type)"])
        case .participantFrameType(let kind):
            logger.warning("coordinator sent a participant's frame type", metadata: ["type": "\(kind)"])
        case .messageOutsideRound(let round):
            logger.debug("secure-aggregation message for a round not in progress", metadata: ["round": "\(round)"])
        case .malformedNotice(let reason):
            logger.warning("malformed notice from coordinator", metadata: ["reason": "\(reason)"])
        case .runEnded(let message):
            logger.info("the coordinator ended the run", metadata: ["message": "\(message)"])
        case let .roundEnded(round, outcome, message):
            logger.debug("round ended", metadata: ["round": "\(round)", "outcome": "\(outcome)", "message": "\(message)"])
            logger.info("waiting for the next round plan", metadata: ["coordinator": "\(configuration.host):\(configuration.port)"])
        case let .updateReady(round, loss, trainingSeconds):
            logger.debug("update ready", metadata: ["round": "\(round)", "loss": "\(loss)", "training_s": "\(trainingSeconds)"])
        }
    }

    /// The departures of a real participant: none.
    private struct Staying: RoundDepartures {
        func departure(secure: Bool) -> DropoutPoint? { nil }
    }
}
