import ChorusSupport
import NIOCore

/// One authenticated TLS 1.3 connection: the coordinator gets one per
/// participant from `TransportServer.connections`, a participant gets one
/// from `TransportClient.connect`.
public final class TransportConnection: Sendable {
    /// The peer's Ed25519 key: for the coordinator, the participant's
    /// enrolled identity; for a participant, the coordinator's TLS key.
    public let peerKey: Ed25519PublicKey
    /// The peer's socket address, for logs.
    public let remoteAddress: String
    /// The frames the peer sends (heartbeats removed). Iterate from one task.
    public let frames: FrameSequence
    /// The NIO channel under the connection (tests write below the framing layer through it).
    package let channel: any Channel

    init(channel: any Channel, peerKey: Ed25519PublicKey, remoteAddress: String,
         frames: AsyncThrowingStream<Frame, any Error>) {
        self.channel = channel
        self.peerKey = peerKey
        self.remoteAddress = remoteAddress
        self.frames = FrameSequence(base: frames, peer: remoteAddress)
    }

    deinit {
        channel.close(promise: nil)
    }

    /// Sends `frame` and returns once it is handed to the socket.
    /// - Throws: `TransportError.wire` when the frame breaks the size limits
    ///   (nothing is sent), `.connectionClosed` when the connection is gone.
    public func send(_ frame: Frame) async throws(TransportError) {
        do {
            try await channel.writeAndFlush(frame).get()
        } catch {
            throw TransportError(error, peer: remoteAddress)
        }
    }

    /// Sends a TLS close_notify and closes the socket; `frames` then ends.
    public func close() async {
        try? await channel.close().get()
    }

    /// True while the socket is open.
    public var isActive: Bool { channel.isActive }
}
