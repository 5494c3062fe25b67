import ChorusSupport
import Federation
import Logging
import SecureAgg
import Server
import Testing
import Transport

/// The coordinator's connection hub: replaced connections and the end of a run.
struct ConnectionHubTests {
    /// Two processes sharing one participant's key would otherwise replace each
    /// other's connection forever, each seeing only a closed connection and
    /// reconnecting: the replaced connection must be told why it ends.
    @Test(.timeLimit(.minutes(1)))
    func aReplacedConnectionIsToldWhyBeforeItCloses() async throws {
        let link = try await Loopback.start()
        let first = try await link.connect()
        let second = try await link.connect()
        let hub = ConnectionHub(logger: Loopback.quiet)
        hub.attach(first.accepted, as: ParticipantID(0))
        hub.attach(second.accepted, as: ParticipantID(0))

        var frames = first.client.frames.makeAsyncIterator()
        let frame = try #require(try await frames.next(), "the replaced connection closed without a word")
        #expect(frame.type == FrameKind.notice.rawValue)
        #expect(try Notice.decode(frame.payload).outcome == .replaced)
        #expect(try await frames.next() == nil)
        #expect(hub.connected().count == 1)
        await hub.closeAll()
        await first.client.close()
        await second.client.close()
        await link.server.close()
    }

    /// A participant whose connection is accepted while the run is ending (the
    /// coordinator stopped before its first round, say) must not be left
    /// waiting on an open connection nobody serves: the hub closes a connection
    /// attached after `closeAll`, so the participant sees its end.
    @Test(.timeLimit(.minutes(1)))
    func aConnectionAttachedAfterCloseAllIsClosed() async throws {
        let link = try await Loopback.start()
        let connection = try await link.connect()

        let hub = ConnectionHub(logger: Loopback.quiet)
        await hub.closeAll()
        hub.attach(connection.accepted, as: ParticipantID(0))

        #expect(hub.connected().isEmpty)
        var frames = connection.client.frames.makeAsyncIterator()
        // Without the defence the connection stays open and this waits past the time limit.
        let next = try? await frames.next()
        #expect(next == nil)
        await connection.client.close()
        await link.server.close()
    }
}

/// A TLS server on loopback and one enrolled participant key, whose
/// connections the tests hand to a hub themselves.
private struct Loopback {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let options = TransportOptions(limits: FrameLimits([FrameKind.notice.rawValue: 2048]), readTimeout: .seconds(300))

    let server: TransportServer
    let authority: CertificateAuthority
    let participant: Ed25519SigningKey

    static func start() async throws -> Loopback {
        let authority = try CertificateAuthority.generate()
        let serverKey = try Ed25519SigningKey.generate()
        let certificate = try authority.issueServerCertificate(for: serverKey, hosts: ["127.0.0.1"])
        let participant = try Ed25519SigningKey.generate()
        let server = try await TransportServer.listen(
            host: "127.0.0.1", port: 0,
            tls: ServerTLSConfiguration(certificate: certificate, privateKey: serverKey, enrolled: [participant.publicKey]),
            options: options, logger: quiet)
        return Loopback(server: server, authority: authority, participant: participant)
    }

    /// Connects as the participant; returns both ends.
    func connect() async throws -> (client: TransportConnection, accepted: TransportConnection) {
        let client = try await TransportClient.connect(
            host: "127.0.0.1", port: server.port,
            tls: ClientTLSConfiguration(identity: participant, trustedCA: authority.certificate),
            options: Loopback.options, logger: Loopback.quiet)
        var accepted = server.connections.makeAsyncIterator()
        return (client, try #require(await accepted.next()))
    }
}
