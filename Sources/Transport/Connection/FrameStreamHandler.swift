import Logging
import NIOCore

/// Last in the pipeline: hands frames to the caller's async sequence, and on
/// the first error logs why the peer is dropped, closes the channel and ends
/// the sequence with that error.
final class FrameStreamHandler: ChannelInboundHandler {
    typealias InboundIn = Frame

    private let continuation: AsyncThrowingStream<Frame, any Error>.Continuation
    private let logger: Logger
    private let peer: String
    private var failure: TransportError?

    /// - Parameter logger: carries the `peer` metadata of this connection.
    init(continuation: AsyncThrowingStream<Frame, any Error>.Continuation, peer: String, logger: Logger) {
        self.continuation = continuation
        self.peer = peer
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        continuation.yield(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if failure == nil {
            let reason = TransportError(error, peer: peer)
            failure = reason
            logger.info("dropping connection", metadata: ["reason": "\(reason)"])
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let failure {
            continuation.finish(throwing: failure)
        } else {
            logger.debug("connection closed")
            continuation.finish()
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        continuation.finish()
    }
}

extension TransportError {
    /// `error` as a `TransportError`; socket errors become `.socket` naming `peer`.
    init(_ error: any Error, peer: String) {
        if let error = error as? TransportError {
            self = error
        } else if let error = error as? ChannelError, error == .ioOnClosedChannel || error == .alreadyClosed {
            self = .connectionClosed(peer: peer)
        } else {
            self = .socket(address: peer, reason: "\(error)")
        }
    }
}
