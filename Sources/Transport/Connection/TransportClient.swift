import ChorusSupport
import Foundation
import Logging
import NIOCore
import NIOPosix

/// A participant's way to reach the coordinator.
public enum TransportClient {
    /// Opens a TCP connection to `host:port`, runs the TLS 1.3 handshake
    /// presenting `tls.identity`, checks the server's certificate chains to
    /// `tls.trustedCA` and names `host`, and waits until the server has
    /// accepted our key.
    /// - Throws: `TransportError.connectionRefused` when nothing listens there,
    ///   `.socket` when the TCP connection fails otherwise,
    ///   `.handshakeFailed` when the server is not trusted or refuses our key
    ///   (the reason carries its alert), `.idleTimeout` when the server says
    ///   nothing for `options.readTimeout`.
    public static func connect(
        host: String, port: Int, tls: ClientTLSConfiguration, options: TransportOptions,
        logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(TransportError) -> TransportConnection {
        let context = try tls.makeContext()
        let address = "\(host):\(port)"
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(options.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)

        let channel: any Channel
        let installed: ConnectionPipeline.Installed
        do {
            (channel, installed) = try await bootstrap.connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { () throws -> (any Channel, ConnectionPipeline.Installed) in
                    let installed = try ConnectionPipeline.install(
                        on: channel, context: context, serverName: host, options: options, logger: logger)
                    return (channel, installed)
                }
            }
        } catch let error as NIOConnectionError where error.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
            throw .connectionRefused(address: address)
        } catch {
            throw .socket(address: address, reason: "cannot connect: \(error)")
        }
        let key: Ed25519PublicKey
        do {
            key = try await installed.established.get()
        } catch {
            try? await channel.close().get()
            throw TransportError(error, peer: address)
        }
        logger.debug("connected", metadata: ["peer": "\(address)"])
        return TransportConnection(channel: channel, peerKey: key, remoteAddress: address, frames: installed.frames)
    }
}
