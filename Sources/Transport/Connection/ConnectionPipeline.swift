import ChorusSupport
import Logging
import NIOCore

/// Installs the handlers of one connection, the same on both sides:
/// read deadline → TLS (OpenSSL) → framing → heartbeats → the caller's stream.
enum ConnectionPipeline {
    /// What `install` gives back: the connection's frames, and a future that
    /// succeeds with the peer's key once the connection is authenticated.
    struct Installed: Sendable {
        let established: EventLoopFuture<Ed25519PublicKey>
        let frames: AsyncThrowingStream<Frame, any Error>
    }

    /// Must run on `channel`'s event loop.
    static func install(
        on channel: any Channel, context: TLSContext, serverName: String?,
        options: TransportOptions, logger: Logger
    ) throws -> Installed {
        let peer = channel.remoteAddress.map { "\($0)" } ?? "unknown peer"
        var peerLogger = logger
        peerLogger[metadataKey: "peer"] = "\(peer)"
        // A constant: the deadline closure below runs on the event loop.
        let logger = peerLogger
        let engine = try TLSEngine(context: context, serverName: serverName, peer: peer)
        let promise = channel.eventLoop.makePromise(of: Ed25519PublicKey.self)
        let (frames, continuation) = AsyncThrowingStream<Frame, any Error>.makeStream()
        try channel.pipeline.syncOperations.addHandlers([
            ReadDeadlineHandler(timeout: TimeAmount(options.readTimeout), peer: peer),
            OpenSSLHandler(engine: engine, isClient: !context.isServer, established: promise),
            FrameHandler(limits: options.limits, peer: peer),
            HeartbeatHandler(interval: options.heartbeatInterval.map(TimeAmount.init)),
            FrameStreamHandler(continuation: continuation, peer: peer, logger: logger),
        ])
        let timeout = options.handshakeTimeout
        let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            logger.warning("closing a connection whose handshake did not finish in time", metadata: ["seconds": "\(timeout.components.seconds)"])
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        return Installed(established: promise.futureResult, frames: frames)
    }
}
