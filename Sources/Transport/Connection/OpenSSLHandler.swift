import ChorusSupport
import NIOCore

/// Runs a `TLSEngine` on a NIO channel: ciphertext from the socket is fed to
/// the engine, plaintext goes on up the pipeline, and what the engine drains
/// is written to the socket. All TLS logic is in the engine; this only pumps.
///
/// `established` succeeds with the peer's Ed25519 key once the connection is
/// usable: for a server when its handshake completes (the client's key passed
/// the roster check); for a client when the server also confirmed it (its
/// session ticket or first data), so a refused client learns it here.
final class OpenSSLHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case handshaking
        case awaitingConfirmation
        case ready
        case closed
    }

    /// Plaintext is encrypted and handed to the socket in pieces this large,
    /// so a 2.5 MB frame never sits whole in OpenSSL's buffer.
    private static let writeChunk = 256 * 1024

    private var engine: TLSEngine
    private let isClient: Bool
    private var state = State.handshaking
    private var established: EventLoopPromise<Ed25519PublicKey>?

    init(engine: consuming TLSEngine, isClient: Bool, established: EventLoopPromise<Ed25519PublicKey>) {
        self.engine = engine
        self.isClient = isClient
        self.established = established
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        if isClient { advance(context: context) }  // send ClientHello
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .closed else { return }
        engine.feed(unwrapInboundIn(data))
        advance(context: context)
    }

    private func advance(context: ChannelHandlerContext) {
        do throws(TransportError) {
            if state == .handshaking {
                let progress = try engine.handshake()
                sendCiphertext(context: context)
                guard progress == .complete else { return }
                state = isClient ? .awaitingConfirmation : .ready
                if state == .ready { becomeReady(context: context) }
            }
            var plaintext = context.channel.allocator.buffer(capacity: 0)
            let open = try engine.read(into: &plaintext)
            sendCiphertext(context: context)  // post-handshake messages, alerts
            if state == .awaitingConfirmation, engine.peerConfirmed || plaintext.readableBytes > 0 {
                state = .ready
                becomeReady(context: context)
            }
            if plaintext.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(plaintext)) }
            if !open { close(context: context, mode: .all, promise: nil) }
        } catch {
            fail(context: context, error: error)
        }
    }

    private func becomeReady(context: ChannelHandlerContext) {
        guard let key = engine.peerKey else {
            fail(context: context, error: .badPeerCertificate(peer: engine.peer, reason: "no Ed25519 key"))
            return
        }
        established?.succeed(key)
        established = nil
        context.fireUserInboundEventTriggered(TLSEstablished(peerKey: key))
    }

    private func fail(context: ChannelHandlerContext, error: TransportError) {
        sendCiphertext(context: context)  // the alert explaining why
        state = .closed
        established?.fail(error)
        established = nil
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    private func sendCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>? = nil) {
        if let ciphertext = engine.drain() {
            context.writeAndFlush(wrapOutboundOut(ciphertext), promise: promise)
        } else {
            promise?.succeed()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard state == .ready else {
            promise?.fail(TransportError.connectionClosed(peer: engine.peer))
            return
        }
        var plaintext = unwrapOutboundIn(data)
        var handedOver = false
        do throws(TransportError) {
            while let piece = plaintext.readSlice(length: min(Self.writeChunk, plaintext.readableBytes)),
                  piece.readableBytes > 0 {
                try engine.write(plaintext: piece)
                let last = plaintext.readableBytes == 0
                if let ciphertext = engine.drain() {
                    context.write(wrapOutboundOut(ciphertext), promise: last ? promise : nil)
                    handedOver = handedOver || last
                }
            }
            if !handedOver { promise?.succeed() }
        } catch {
            promise?.fail(error)
            fail(context: context, error: error)
        }
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if state == .ready, mode == .all {
            engine.shutdown()  // close_notify, so the peer sees a clean end
            sendCiphertext(context: context)
        }
        state = .closed
        context.close(mode: mode, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if state != .ready, established != nil {
            let reason = isClient ? "the server closed the connection during the handshake"
                                  : "the client closed the connection during the handshake"
            established?.fail(TransportError.handshakeFailed(peer: engine.peer, reason: reason))
            established = nil
        }
        state = .closed
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        established?.fail(error)
        established = nil
        context.fireErrorCaught(error)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        established?.fail(TransportError.connectionClosed(peer: engine.peer))
        established = nil
    }
}
