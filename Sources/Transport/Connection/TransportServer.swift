import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The coordinator's listening socket. Each client that completes a TLS 1.3
/// handshake with an enrolled key appears once in `connections`; refused
/// handshakes are logged (naming the key) and never appear.
public final class TransportServer: Sendable {
    /// The bound port (the real one when listening on port 0).
    public let port: Int
    /// Authenticated connections, in the order their handshakes completed.
    /// Ends when the server is closed. Iterate from one task.
    public let connections: AsyncStream<TransportConnection>
    private let channel: any Channel

    private init(channel: any Channel, port: Int, connections: AsyncStream<TransportConnection>) {
        self.channel = channel
        self.port = port
        self.connections = connections
    }

    /// Listens on `host:port` (port 0: any free port, see `port`).
    /// - Parameters:
    ///   - tls: the coordinator's certificate, key and enrolled keys.
    ///   - logger: connection events are logged at info and debug with `peer` metadata.
    /// - Throws: `TransportError.socket` when the address cannot be bound.
    public static func listen(
        host: String, port: Int, tls: ServerTLSConfiguration, options: TransportOptions,
        logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(TransportError) -> TransportServer {
        let context = try tls.makeContext()
        let (connections, continuation) = AsyncStream<TransportConnection>.makeStream()
        let pending = PendingHandshakes(limit: options.maximumPendingHandshakes)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                guard pending.enter() else {
                    logger.warning("refusing a connection: too many handshakes in progress",
                                   metadata: ["peer": "\(channel.remoteAddress.map { "\($0)" } ?? "unknown peer")",
                                              "limit": "\(options.maximumPendingHandshakes)"])
                    return channel.close()
                }
                return channel.eventLoop.makeCompletedFuture {
                    let installed: ConnectionPipeline.Installed
                    do {
                        installed = try ConnectionPipeline.install(
                            on: channel, context: context, serverName: nil, options: options, logger: logger)
                    } catch {
                        pending.leave()
                        throw error
                    }
                    let remote = channel.remoteAddress.map { "\($0)" } ?? "unknown peer"
                    installed.established.whenComplete { _ in pending.leave() }
                    installed.established.whenSuccess { key in
                        logger.debug("participant connected", metadata: ["peer": "\(remote)", "key": "\(key)"])
                        continuation.yield(TransportConnection(
                            channel: channel, peerKey: key, remoteAddress: remote, frames: installed.frames))
                    }
                }
            }
        let address = "\(host):\(port)"
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw .socket(address: address, reason: "cannot listen: \(error)")
        }
        guard let boundPort = channel.localAddress?.port else {
            try? await channel.close().get()
            throw .socket(address: address, reason: "bound socket has no port")
        }
        channel.closeFuture.whenComplete { _ in continuation.finish() }
        logger.info("listening", metadata: ["address": "\(host):\(boundPort)"])
        return TransportServer(channel: channel, port: boundPort, connections: connections)
    }

    /// Stops accepting connections and ends `connections`. Connections
    /// already handed out stay open until their owners close them.
    public func close() async {
        try? await channel.close().get()
    }
}

/// Counts connections between accept and the end of their handshake.
private final class PendingHandshakes: Sendable {
    private let limit: Int
    private let count = Mutex(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot; false when all `limit` are taken.
    func enter() -> Bool {
        count.withLock { value in
            guard value < limit else { return false }
            value += 1
            return true
        }
    }

    func leave() {
        count.withLock { $0 -= 1 }
    }
}
