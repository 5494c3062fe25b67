import ChorusSupport
import Logging
import SecureAgg
import Server
import Testing
import Transport

/// The coordinator's connection hub at the end of a run.
struct ConnectionHubTests {
    /// A participant whose connection is accepted while the run is ending (the
    /// coordinator stopped before its first round, say) must not be left
    /// waiting on an open connection nobody serves: the hub closes a connection
    /// attached after `closeAll`, so the participant sees its end.
    @Test(.timeLimit(.minutes(1)))
    func aConnectionAttachedAfterCloseAllIsClosed() async throws {
        let authority = try CertificateAuthority.generate()
        let serverKey = try Ed25519SigningKey.generate()
        let certificate = try authority.issueServerCertificate(for: serverKey, hosts: ["127.0.0.1"])
        let participant = try Ed25519SigningKey.generate()
        let options = TransportOptions(limits: FrameLimits([1: 64]), readTimeout: .seconds(300))
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = try await TransportServer.listen(
            host: "127.0.0.1", port: 0,
            tls: ServerTLSConfiguration(certificate: certificate, privateKey: serverKey, enrolled: [participant.publicKey]),
            options: options, logger: quiet)
        let client = try await TransportClient.connect(
            host: "127.0.0.1", port: server.port,
            tls: ClientTLSConfiguration(identity: participant, trustedCA: authority.certificate), options: options, logger: quiet)
        var accepted = server.connections.makeAsyncIterator()
        let connection = try #require(await accepted.next())

        let hub = ConnectionHub(logger: quiet)
        await hub.closeAll()
        hub.attach(connection, as: ParticipantID(0))

        #expect(hub.connected().isEmpty)
        var frames = client.frames.makeAsyncIterator()
        // Without the defence the connection stays open and this waits past the time limit.
        let next = try? await frames.next()
        #expect(next == nil)
        await client.close()
        await server.close()
    }
}
