import InMemoryLogging
import Logging
import Transport

/// A coordinator listening on 127.0.0.1 port 0 and a way to connect
/// participants to it, with the server's log kept in memory.
struct Loopback {
    let pki: PKIFixture
    let server: TransportServer
    let serverLog = InMemoryLogHandler()

    /// Message type 1 carries up to `maximumPayload` bytes.
    static func options(maximumPayload: Int = 4_000_000, readTimeout: Duration = .seconds(10)) -> TransportOptions {
        TransportOptions(limits: FrameLimits([1: maximumPayload, 2: 64]), readTimeout: readTimeout)
    }

    init(pki: PKIFixture? = nil, options: TransportOptions = Loopback.options()) async throws {
        let pki = try pki ?? PKIFixture()
        self.pki = pki
        let log = serverLog
        server = try await TransportServer.listen(
            host: "127.0.0.1", port: 0, tls: pki.server(), options: options,
            logger: Logger(label: "test.server", factory: { _ in log }))
    }

    /// Connects a participant (default: the enrolled one, trusting the right CA).
    func connect(_ tls: ClientTLSConfiguration? = nil, options: TransportOptions = Loopback.options())
        async throws(TransportError) -> TransportConnection {
        try await TransportClient.connect(
            host: "127.0.0.1", port: server.port, tls: tls ?? pki.client(), options: options,
            logger: Logger(label: "test.client", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// The next authenticated connection the server hands out.
    func accept() async throws -> TransportConnection {
        var iterator = server.connections.makeAsyncIterator()
        guard let connection = await iterator.next() else { throw TransportError.connectionClosed(peer: "server") }
        return connection
    }

    /// The reasons the server logged for dropping connections.
    var dropReasons: [String] {
        serverLog.entries.filter { $0.message == "dropping connection" }.compactMap { $0.metadata["reason"]?.description }
    }
}
