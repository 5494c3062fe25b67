import Federation
import Logging
import SecureAgg
import Synchronization
import Transport

/// The coordinator's live participant connections, each known by its roster
/// index, and the one stream of events the coordinator consumes: frames,
/// connections coming and going, deadlines. Each connection has a reader task
/// (frames into the stream) and a writer task (an outbox sent in order).
/// A participant that reconnects replaces its old connection, which is told so
/// (`Notice.Outcome.replaced`) before it is closed; events carry the
/// connection's generation so the old one's late frames are told apart.
package final class ConnectionHub: Sendable {
    package enum Event: Sendable {
        case connected(ParticipantID, generation: UInt64)
        case frame(ParticipantID, generation: UInt64, Frame)
        case closed(ParticipantID, generation: UInt64, reason: String)
        case deadline(round: UInt64, step: Int)
    }

    private struct Link: Sendable {
        let connection: TransportConnection
        let generation: UInt64
        let outbox: AsyncStream<Frame>.Continuation
        let writer: Task<Void, Never>
    }

    package let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let links = Mutex<[ParticipantID: Link]>([:])
    private let generations = Mutex<UInt64>(0)
    /// Set by `closeAll`: a connection accepted from then on is closed at once
    /// instead of joining links that nobody will close.
    private let closing = Mutex<Bool>(false)
    private let logger: Logger

    package init(logger: Logger) {
        (events, continuation) = AsyncStream<Event>.makeStream()
        self.logger = logger
    }

    /// Adds an authenticated connection of participant `id`.
    package func attach(_ connection: TransportConnection, as id: ParticipantID) {
        let generation = generations.withLock { value -> UInt64 in
            value += 1
            return value
        }
        let (outbox, outboxContinuation) = AsyncStream<Frame>.makeStream()
        let logger = self.logger
        let writer = Task {
            for await frame in outbox {
                do {
                    try await connection.send(frame)
                    CoordinatorMetrics.sent(frame)
                } catch {
                    logger.info("cannot send to participant", metadata: ["peer": "\(id)", "reason": "\(error)"])
                    break
                }
            }
            await connection.close()
        }
        let attached = links.withLock { links -> (accepted: Bool, replaced: Link?) in
            // Checked under the links' lock, which `closeAll` takes after setting `closing`:
            // a connection is either among the links it closes or refused here.
            guard !closing.withLock({ $0 }) else { return (false, nil) }
            let replaced = links[id]
            links[id] = Link(connection: connection, generation: generation, outbox: outboxContinuation, writer: writer)
            CoordinatorMetrics.connected(links.count)
            return (true, replaced)
        }
        guard attached.accepted else {
            logger.debug("closing a connection that arrived as the run ended", metadata: ["peer": "\(id)"])
            outboxContinuation.finish()  // the writer then closes the connection
            return
        }
        if let replaced = attached.replaced {
            // A participant reconnecting after a cut the coordinator had not noticed, or
            // two processes sharing one key: the old connection is told why it ends, so a
            // live process stops instead of reconnecting and replacing the new one in turn.
            logger.info("participant connected again; closing its earlier connection", metadata: ["peer": "\(id)"])
            let notice = Notice(outcome: .replaced, message: "another connection with this participant's key replaced this one")
            replaced.outbox.yield(Frame(type: FrameKind.notice.rawValue, round: 0, payload: notice.encode()))
            replaced.outbox.finish()
        }
        continuation.yield(.connected(id, generation: generation))
        let continuation = self.continuation
        Task {
            var reason = "closed by the participant"
            do {
                for try await frame in connection.frames {
                    CoordinatorMetrics.received(frame)
                    continuation.yield(.frame(id, generation: generation, frame))
                }
            } catch {
                reason = "\(error)"
            }
            self.detach(id, generation: generation)
            continuation.yield(.closed(id, generation: generation, reason: reason))
        }
    }

    /// The connected participants and the generation of each connection.
    package func connected() -> [ParticipantID: UInt64] {
        links.withLock { $0.mapValues(\.generation) }
    }

    /// Queues `frame` for participant `id` if its connection is still `generation`.
    func send(_ frame: Frame, to id: ParticipantID, generation: UInt64) {
        links.withLock { links in
            guard let link = links[id], link.generation == generation else { return }
            link.outbox.yield(frame)
        }
    }

    /// Closes the connection `generation` of `id` at once (queued frames are dropped).
    func drop(_ id: ParticipantID, generation: UInt64) {
        guard let link = detach(id, generation: generation) else { return }
        link.writer.cancel()
        let connection = link.connection
        Task { await connection.close() }
    }

    /// Adds an event to the stream (deadlines).
    func post(_ event: Event) {
        continuation.yield(event)
    }

    /// Sends what is queued, then closes every connection and ends the stream;
    /// connections attached later are closed on arrival.
    package func closeAll() async {
        closing.withLock { $0 = true }
        let all = links.withLock { links -> [Link] in
            defer { links = [:] }
            return Array(links.values)
        }
        for link in all { link.outbox.finish() }
        for link in all { await link.writer.value }
        continuation.finish()
    }

    @discardableResult
    private func detach(_ id: ParticipantID, generation: UInt64) -> Link? {
        links.withLock { links -> Link? in
            guard let link = links[id], link.generation == generation else { return nil }
            links[id] = nil
            CoordinatorMetrics.connected(links.count)
            link.outbox.finish()
            return link
        }
    }
}
