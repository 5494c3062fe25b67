import Audit
import ChorusSupport
import DifferentialPrivacy
import Federation
import Foundation
import Logging
import ML
import SecureAgg
import Transport

/// The coordinator of a federated run: accepts enrolled participants over
/// mutual TLS 1.3, and for each round samples among the connected ones, sends
/// signed plans and the model, drives secure aggregation with a deadline per
/// stage, decodes and applies the average update, evaluates, accounts the
/// round with the noise really added, checkpoints and appends to the signed
/// privacy report. A restarted coordinator resumes from its checkpoint.
///
/// Use from one task: `start` then `run`.
public final class Coordinator {
    /// The port participants connect to.
    public let port: Int
    let setup: CoordinatorSetup
    let logger: Logger
    let server: TransportServer
    let hub: ConnectionHub
    /// Every roster entry's key by position (participant id), revoked ones included.
    let identities: [Ed25519PublicKey]
    /// Roster entries not revoked: the participants a round waits for.
    let enrolledCount: Int
    let signingKey: Ed25519SigningKey
    let mechanism: DistributedDiscreteGaussian
    var state: CoordinatorState
    var report: PrivacyReportWriter
    var events: AsyncStream<ConnectionHub.Event>.Iterator
    private let acceptor: Task<Void, Never>
    private let lock: RunDirectoryLock

    var config: CoordinatorConfig { setup.config }
    var run: RunParameters { state.metadata.run }

    private init(setup: CoordinatorSetup, logger: Logger, server: TransportServer, hub: ConnectionHub,
                 identities: [Ed25519PublicKey], enrolledCount: Int, signingKey: Ed25519SigningKey, mechanism: DistributedDiscreteGaussian,
                 state: CoordinatorState, report: PrivacyReportWriter, lock: RunDirectoryLock, acceptor: Task<Void, Never>) {
        port = server.port
        self.setup = setup
        self.logger = logger
        self.server = server
        self.hub = hub
        self.identities = identities
        self.enrolledCount = enrolledCount
        self.signingKey = signingKey
        self.mechanism = mechanism
        self.state = state
        self.report = report
        self.events = hub.events.makeAsyncIterator()
        self.lock = lock
        self.acceptor = acceptor
    }

    /// Loads keys and roster, resumes or starts the run's state and report, and listens.
    /// - Throws: `ServerError` naming the file or setting that stops it.
    public static func start(_ setup: CoordinatorSetup, logger: Logger) async throws(ServerError) -> Coordinator {
        var setup = setup
        // Held-out features larger than the model's input by an integer factor are shrunk to it, once.
        setup.testSet = setup.testSet?.resized(for: setup.config.model.architecture)
        let directory = setup.directory
        let roster: Roster
        let tls: ServerTLSConfiguration
        let signingKey: Ed25519SigningKey
        let rosterBytes: [UInt8]
        do {
            roster = try directory.roster()
            tls = try directory.serverTLSConfiguration()
            signingKey = try directory.signingIdentity()
            rosterBytes = try AtomicFile.read(directory.rosterURL)
        } catch let error as TransportError {
            throw .transport(error)
        } catch {
            throw .config(path: directory.url.path, reason: "\(error)")
        }
        // Keys on the roster are valid points already (checked when it is read).
        let identities = roster.participants.map(\.publicKey)
        let (state, report, lock) = try openRun(setup, identities: identities, rosterBytes: rosterBytes, signingKey: signingKey, logger: logger)
        let mechanism = try state.metadata.run.mechanism(dimension: state.metadata.architecture.parameterCount)

        let hub = ConnectionHub(logger: logger)
        let limits = FederationWire.frameLimits(dimension: state.metadata.architecture.parameterCount,
                                                participants: max(identities.count, 2),
                                                evaluationCoordinates: state.metadata.run.evaluation?.coordinates ?? 0)
        var options = TransportOptions(limits: limits, readTimeout: .seconds(setup.config.readTimeoutSeconds))
        if let seconds = setup.config.handshakeTimeoutSeconds { options.handshakeTimeout = .seconds(seconds) }
        if let limit = setup.config.maximumPendingHandshakes { options.maximumPendingHandshakes = limit }
        let server: TransportServer
        do {
            server = try await TransportServer.listen(host: setup.host, port: setup.port, tls: tls, options: options, logger: logger)
        } catch {
            throw .transport(error)
        }
        var index: [Ed25519PublicKey: ParticipantID] = [:]
        for (position, entry) in roster.participants.enumerated() { index[entry.publicKey] = ParticipantID(UInt32(position)) }
        let acceptor = Task { [index] in
            for await connection in server.connections {
                guard let id = index[connection.peerKey] else {
                    logger.warning("refusing a key enrolled after the run started", metadata: ["key": "\(connection.peerKey)"])
                    await connection.close()
                    continue
                }
                hub.attach(connection, as: id)
            }
        }
        return Coordinator(setup: setup, logger: logger, server: server, hub: hub, identities: identities,
                           enrolledCount: roster.keys.count,
                           signingKey: signingKey, mechanism: mechanism, state: state, report: report, lock: lock,
                           acceptor: acceptor)
    }

    /// Runs rounds until `config.rounds` have been attempted, or the budget
    /// forbids the next one, then tells every participant the run is over.
    /// - Parameter progress: called after each round.
    /// - Returns: the rounds run by this call, and why the run stopped early (if it did).
    public func run(progress: (RoundSummary) -> Void = { _ in }) async throws(ServerError) -> (rounds: [RoundSummary], stopReason: String?) {
        var summaries: [RoundSummary] = []
        var stopReason: String?
        defer { acceptor.cancel() }
        CoordinatorMetrics.start(enrolled: enrolledCount, connected: hub.connected().count)
        while state.metadata.round < UInt64(config.rounds) {
            let round = state.metadata.round + 1
            if let refusal = try RunBudget.refusal(round: round, accountant: state.metadata.accountant, mechanism: mechanism,
                                                   run: run, privacy: config.privacy) {
                logger.warning("stopping: the privacy budget forbids the next round", metadata: ["reason": "\(refusal)"])
                stopReason = refusal.description
                break
            }
            let connected = try await waitForParticipants()
            let summary = try await runRound(round, connected: connected)
            summaries.append(summary)
            publishStatus(.running, connected: hub.connected().count)
            CoordinatorMetrics.record(summary)
            progress(summary)
        }
        let ending = stopReason ?? "all \(config.rounds) rounds done"
        // The closing record seals the report: an auditor then knows no round was cut from its end.
        do { try report.close(reason: ending, at: ISO8601DateFormatter().string(from: Date())) } catch {
            await finish(message: "the coordinator cannot close its privacy report")
            throw .report(error)
        }
        await finish(message: ending)
        return (summaries, stopReason)
    }

    /// Ends the run early: tells participants and closes every connection.
    public func shutdown() async {
        acceptor.cancel()
        await finish(message: "the coordinator is shutting down")
    }

    /// Tells every connected participant the run is over and closes everything.
    func finish(message: String) async {
        publishStatus(.finished, connected: 0)
        for (id, generation) in hub.connected() {
            hub.send(Frame(type: FrameKind.notice.rawValue, round: state.metadata.round,
                           payload: Notice(outcome: .runFinished, message: message).encode()), to: id, generation: generation)
        }
        await hub.closeAll()
        await server.close()
    }

    /// Waits until `sampling.minimumConnected` (default: the whole roster) are
    /// connected, or `waitSeconds` pass with at least two; returns who is connected.
    /// Says what it waits for whenever the number connected changes.
    /// - Throws: `.notEnoughParticipants` when the task is cancelled (or the
    ///   connections closed) before enough are connected.
    private func waitForParticipants() async throws(ServerError) -> [ParticipantID: UInt64] {
        let wanted = min(config.sampling.minimumConnected ?? enrolledCount, enrolledCount)
        let marker = UInt64.max - state.metadata.round
        let wait = config.sampling.waitSeconds
        let clock = ContinuousClock()
        let started = clock.now
        let timer = Task { [hub] in
            // Cancelled once the waiting is over: then no deadline is due.
            guard (try? await Task.sleep(for: .seconds(wait))) != nil else { return }
            hub.post(.deadline(round: marker, step: 0))
        }
        defer { timer.cancel() }
        var timedOut = false
        var reported: Int?
        while true {
            let connected = hub.connected()
            if connected.count >= wanted || (timedOut && connected.count >= 2) { return connected }
            if reported != connected.count {
                reported = connected.count
                publishStatus(.waiting, connected: connected.count)
                let left = max(0, wait - (clock.now - started).seconds)
                logger.info("waiting for participants", metadata: [
                    "round": "\(state.metadata.round + 1)", "missing": "\(wanted - connected.count)",
                    "connected": "\(connected.count)", "wanted": "\(wanted)", "enrolled": "\(enrolledCount)",
                    "seconds_left": timedOut ? "0 (waiting for at least 2)" : "\(Int(left.rounded()))",
                ])
            }
            guard let event = await events.next() else {
                throw .notEnoughParticipants(reason: "stopped waiting for participants for round \(state.metadata.round + 1): "
                    + "\(connected.count) of the \(wanted) wanted were connected")
            }
            if case let .deadline(round, _) = event, round == marker {
                timedOut = true
                reported = nil
            }
        }
    }
}
