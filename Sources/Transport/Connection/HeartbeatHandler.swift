import NIOCore

/// Keeps a live connection from looking silent: once TLS is established it
/// sends an empty frame of type `FrameLimits.heartbeatType` every `interval`,
/// and it swallows the peer's heartbeats so the caller never sees them.
final class HeartbeatHandler: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias InboundOut = Frame
    typealias OutboundOut = Frame

    private let interval: TimeAmount?
    private var task: RepeatedTask?

    init(interval: TimeAmount?) {
        self.interval = interval
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is TLSEstablished, let interval, task == nil {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let heartbeat = Frame(type: FrameLimits.heartbeatType, round: 0, payload: [])
            task = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
                let context = loopBound.value
                context.writeAndFlush(NIOAny(heartbeat), promise: nil)
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if unwrapInboundIn(data).type != FrameLimits.heartbeatType { context.fireChannelRead(data) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        task?.cancel()
        task = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        task?.cancel()
        task = nil
    }
}
