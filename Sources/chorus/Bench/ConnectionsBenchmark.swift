import ChorusSupport
import Foundation
import Logging
import Transport

/// The workload of `chorus bench connections`: N participants connect
/// concurrently to one coordinator over loopback TLS 1.3, each echoes one
/// frame, and all stay open while memory is read.
struct ConnectionsBenchmark {
    let count: Int
    let logger: Logger

    struct Result {
        var connections: Int
        var openFileLimit: Int
        var connectSeconds: Double
        var echoSeconds: Double
        var referenceSeconds: Double
        var rssBeforeMB: Double
        var rssAfterMB: Double
        var peakRSSMB: Double

        var perConnectionKB: Double { (rssAfterMB - rssBeforeMB) * 1024 / Double(max(connections, 1)) }
        var ratio: Double { connectSeconds / referenceSeconds }

        var json: [String: Any] {
            ["connections": connections, "open_file_limit": openFileLimit,
             "connect_s": connectSeconds, "connections_per_s": Double(connections) / connectSeconds,
             "echo_seconds": echoSeconds, "reference_inmemory_handshakes_seconds": referenceSeconds,
             "connect_vs_inmemory_ratio": ratio, "rss_before_mb": rssBeforeMB, "rss_after_mb": rssAfterMB,
             "rss_per_connection_kb": perConnectionKB, "peak_rss_mb": peakRSSMB]
        }

        var text: String {
            """
            connections held       \(connections) (open-file limit \(openFileLimit))
            open all (TLS 1.3)     \(format(connectSeconds)) s  (\(format(Double(connections) / connectSeconds)) per s)
            echo one frame on each \(format(echoSeconds)) s
            reference: \(connections) in-memory handshakes \(format(referenceSeconds)) s; sockets+NIO take \(format(ratio))x
            resident memory        \(format(rssBeforeMB)) MB before, \(format(rssAfterMB)) MB with all open \
            (\(format(perConnectionKB)) KB per connection, both ends); peak \(format(peakRSSMB)) MB
            """
        }

        private func format(_ value: Double) -> String { String(format: "%.3f", value) }
    }

    func run() async throws -> Result {
        // Two sockets per connection live in this process (server and client ends).
        let limit = FileDescriptorLimit.raise(toAtLeast: 2 * count + 256)
        guard limit >= 2 * count + 64 else {
            throw TransportError.socket(address: "127.0.0.1", reason:
                "the open-file limit is \(limit); \(2 * count + 64) needed for \(count) connections (ulimit -n)")
        }
        let authority = try CertificateAuthority.generate()
        let serverKey = try Ed25519SigningKey.generate()
        let certificate = try authority.issueServerCertificate(for: serverKey, hosts: ["127.0.0.1"])
        let identities = try (0..<count).map { _ in try Ed25519SigningKey.generate() }
        let tls = ServerTLSConfiguration(certificate: certificate, privateKey: serverKey,
                                         enrolled: Set(identities.map(\.publicKey)))
        let clients = identities.map { ClientTLSConfiguration(identity: $0, trustedCA: authority.certificate) }

        let reference = try referenceHandshakes(tls: tls, clients: clients)
        let options = TransportOptions(limits: FrameLimits([1: 1024]), readTimeout: .seconds(120))
        let before = MemoryUsage.read()

        let server = try await TransportServer.listen(
            host: "127.0.0.1", port: 0, tls: tls, options: options, logger: logger)
        let clock = ContinuousClock()
        let start = clock.now
        async let accepted = collect(server.connections, count: count)
        let connected = try await withThrowingTaskGroup(of: TransportConnection.self) { group in
            for client in clients {
                group.addTask {
                    try await TransportClient.connect(host: "127.0.0.1", port: server.port, tls: client,
                                                      options: options, logger: logger)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let serverSide = await accepted
        let connectSeconds = seconds(clock.now - start)
        guard serverSide.count == count else {
            throw TransportError.socket(address: "127.0.0.1:\(server.port)",
                                        reason: "the server accepted \(serverSide.count) of \(count)")
        }

        let echoStart = clock.now
        try await echo(server: serverSide, clients: connected)
        let echoSeconds = seconds(clock.now - echoStart)
        let after = MemoryUsage.read()
        let open = serverSide.filter(\.isActive).count + connected.filter(\.isActive).count
        guard open == 2 * count else {
            throw TransportError.socket(address: "127.0.0.1", reason: "only \(open) of \(2 * count) ends still open")
        }
        logger.info("all connections open", metadata: ["count": "\(count)"])
        for connection in connected { await connection.close() }
        await server.close()
        return Result(connections: count, openFileLimit: limit, connectSeconds: connectSeconds,
                      echoSeconds: echoSeconds, referenceSeconds: reference, rssBeforeMB: before.residentMB,
                      rssAfterMB: after.residentMB, peakRSSMB: after.peakMB)
    }

    /// The same handshakes without sockets or event loops, in seconds.
    private func referenceHandshakes(tls: ServerTLSConfiguration, clients: [ClientTLSConfiguration]) throws -> Double {
        let serverContext = try tls.makeContext()
        let clock = ContinuousClock()
        let start = clock.now
        for client in clients {
            var server = try TLSEngine(context: serverContext, serverName: nil, peer: "client")
            var engine = try TLSEngine(context: client.makeContext(), serverName: "127.0.0.1", peer: "server")
            var outcome = TLSEnginePump.Outcome()
            TLSEnginePump.run(client: &engine, server: &server, outcome: &outcome)
            if let error = outcome.clientError ?? outcome.serverError { throw error }
        }
        return seconds(clock.now - start)
    }

    /// The server sends a frame on every connection; every client answers it.
    private func echo(server: [TransportConnection], clients: [TransportConnection]) async throws {
        let ping = Frame(type: 1, round: 1, payload: Array(repeating: 7, count: 64))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in server {
                group.addTask {
                    try await connection.send(ping)
                    var frames = connection.frames.makeAsyncIterator()
                    guard try await frames.next() == ping else {
                        throw TransportError.connectionClosed(peer: connection.remoteAddress)
                    }
                }
            }
            for connection in clients {
                group.addTask {
                    var frames = connection.frames.makeAsyncIterator()
                    guard let frame = try await frames.next() else {
                        throw TransportError.connectionClosed(peer: connection.remoteAddress)
                    }
                    try await connection.send(frame)
                }
            }
            try await group.waitForAll()
        }
    }

    private func collect(_ connections: AsyncStream<TransportConnection>, count: Int) async -> [TransportConnection] {
        var accepted: [TransportConnection] = []
        for await connection in connections {
            accepted.append(connection)
            if accepted.count == count { break }
        }
        return accepted
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
