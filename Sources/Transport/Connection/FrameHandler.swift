import NIOCore

/// Between TLS and the caller: cuts plaintext into `Frame`s with a `Framer`
/// and encodes outgoing frames. A frame that breaks the format or its type's
/// size limit drops the peer with `TransportError.wire`. Package-visible so that
/// tests can write below it, as a broken peer would.
package final class FrameHandler: ChannelDuplexHandler {
    package typealias InboundIn = ByteBuffer
    package typealias InboundOut = Frame
    package typealias OutboundIn = Frame
    package typealias OutboundOut = ByteBuffer

    private var framer: Framer
    private let limits: FrameLimits
    private let peer: String
    private var failed = false

    init(limits: FrameLimits, peer: String) {
        framer = Framer(limits: limits)
        self.limits = limits
        self.peer = peer
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        framer.append(unwrapInboundIn(data))
        do throws(WireError) {
            while let frame = try framer.nextFrame() {
                context.fireChannelRead(wrapInboundOut(frame))
            }
        } catch {
            failed = true
            context.fireErrorCaught(TransportError.wire(peer: peer, error))
            context.close(promise: nil)
        }
    }

    package func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = unwrapOutboundIn(data)
        var buffer = context.channel.allocator.buffer(capacity: FrameHeader.size + frame.payload.count)
        do throws(WireError) {
            try Framer.encode(frame, limits: limits, into: &buffer)
            context.write(wrapOutboundOut(buffer), promise: promise)
        } catch {
            promise?.fail(TransportError.wire(peer: "outgoing to \(peer)", error))
        }
    }
}
