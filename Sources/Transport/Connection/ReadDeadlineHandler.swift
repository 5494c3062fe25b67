import NIOCore

/// First in the pipeline: drops a peer that sends no bytes at all for
/// `timeout` (a silent peer never hangs the coordinator). Any ciphertext
/// resets the clock, so a large frame arriving slowly is not cut.
final class ReadDeadlineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let peer: String
    private var lastRead = NIODeadline.now()
    private var check: Scheduled<Void>?

    init(timeout: TimeAmount, peer: String) {
        self.timeout = timeout
        self.peer = peer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context: context, at: .now() + timeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        lastRead = .now()
        arm(context: context, at: lastRead + timeout)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    /// Checks at `deadline`; re-arms for the remainder when bytes came since.
    private func arm(context: ChannelHandlerContext, at deadline: NIODeadline) {
        check?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.deadlineReached(context: context)
        }
    }

    private func deadlineReached(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let due = lastRead + timeout
        if due > .now() {
            arm(context: context, at: due)
            return
        }
        let seconds = Double(timeout.nanoseconds) / 1e9
        context.fireErrorCaught(TransportError.idleTimeout(peer: peer, seconds: seconds))
        context.close(promise: nil)
    }
}
