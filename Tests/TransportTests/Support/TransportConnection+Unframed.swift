import NIOCore
import Transport

extension TransportConnection {
    /// Writes `bytes` as plaintext below the framing layer, as a broken or
    /// hostile peer would (for tests of the receiving side).
    func sendUnframed(_ bytes: [UInt8]) async throws {
        let channel = self.channel
        try await channel.eventLoop.flatSubmit {
            do {
                let context = try channel.pipeline.syncOperations.context(handlerType: FrameHandler.self)
                return context.writeAndFlush(NIOAny(channel.allocator.buffer(bytes: bytes)))
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }.get()
    }
}
