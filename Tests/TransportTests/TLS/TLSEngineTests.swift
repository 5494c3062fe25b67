import ChorusSupport
import NIOCore
import Testing
import Transport

/// The TLS engine without sockets: handshakes and records pumped in memory.
struct TLSEngineTests {
    @Test func handshakeNegotiatesTLS13AndAuthenticatesBothKeys() throws {
        let pki = try PKIFixture()
        var server = try TLSEngine(context: pki.server().makeContext(), serverName: nil, peer: "client")
        var client = try TLSEngine(context: pki.client().makeContext(), serverName: "127.0.0.1", peer: "server")
        var outcome = TLSEnginePump.Outcome()
        TLSEnginePump.run(client: &client, server: &server, outcome: &outcome)

        #expect(outcome.clientError == nil)
        #expect(outcome.serverError == nil)
        let (clientTLS13, serverTLS13) = (client.isTLS13, server.isTLS13)
        #expect(clientTLS13 && serverTLS13)
        // The server saw the participant's enrolled key; the client saw the coordinator's TLS key.
        let (clientSaw, serverSaw) = (client.peerKey, server.peerKey)
        #expect(serverSaw == pki.participant.publicKey)
        #expect(clientSaw == pki.serverKey.publicKey)
        // The server's ticket tells the client its certificate was accepted.
        let confirmed = client.peerConfirmed
        #expect(confirmed)
    }

    @Test func plaintextCrossesBothWays() throws {
        let pki = try PKIFixture()
        var server = try TLSEngine(context: pki.server().makeContext(), serverName: nil, peer: "client")
        var client = try TLSEngine(context: pki.client().makeContext(), serverName: "localhost", peer: "server")
        var outcome = TLSEnginePump.Outcome()
        TLSEnginePump.run(client: &client, server: &server, outcome: &outcome)

        let up = ByteBuffer(bytes: (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let down = ByteBuffer(string: "round 1 configuration")
        try client.write(plaintext: up)
        try server.write(plaintext: down)
        TLSEnginePump.run(client: &client, server: &server, outcome: &outcome)

        #expect(outcome.clientError == nil && outcome.serverError == nil)
        #expect(outcome.serverReceived == up)
        #expect(outcome.clientReceived == down)
    }

    @Test func serverRefusesUnenrolledKeyAndNamesIt() throws {
        let pki = try PKIFixture()
        let stranger = try Ed25519SigningKey.generate()
        var server = try TLSEngine(context: pki.server().makeContext(), serverName: nil, peer: "client")
        var client = try TLSEngine(
            context: pki.client(identity: stranger).makeContext(), serverName: "localhost", peer: "server")
        var outcome = TLSEnginePump.Outcome()
        TLSEnginePump.run(client: &client, server: &server, outcome: &outcome)

        #expect(outcome.serverError == .notEnrolled(peer: "client", key: stranger.publicKey))
        // TLS 1.3: the client finished first, so it learns of the refusal from the alert,
        // which it names as its key refused (with the remedy), not as an OpenSSL code.
        #expect(outcome.clientError == .keyRefused(peer: "server"), "\(String(describing: outcome.clientError))")
        let confirmed = client.peerConfirmed
        #expect(!confirmed)
    }

    @Test func clientRefusesServerFromAnotherCA() throws {
        let pki = try PKIFixture()
        let otherCA = try CertificateAuthority.generate(commonName: "someone else")
        var server = try TLSEngine(context: pki.server().makeContext(), serverName: nil, peer: "client")
        var client = try TLSEngine(
            context: pki.client(trusting: otherCA.certificate).makeContext(), serverName: "localhost", peer: "server")
        var outcome = TLSEnginePump.Outcome()
        TLSEnginePump.run(client: &client, server: &server, outcome: &outcome)

        expectClientRefusal(outcome, mentioning: "not trusted")
        let serverSaw = server.peerKey
        #expect(serverSaw == nil)
    }

    @Test func clientRefusesCertificateForAnotherHost() throws {
        let pki = try PKIFixture()
        var server = try TLSEngine(context: pki.server().makeContext(), serverName: nil, peer: "client")
        var client = try TLSEngine(
            context: pki.client().makeContext(), serverName: "coordinator.example", peer: "server")
        var outcome = TLSEnginePump.Outcome()
        TLSEnginePump.run(client: &client, server: &server, outcome: &outcome)

        expectClientRefusal(outcome, mentioning: "hostname mismatch")
    }

    /// The client's handshake failed with a reason containing `text`.
    private func expectClientRefusal(_ outcome: TLSEnginePump.Outcome, mentioning text: String,
                                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .handshakeFailed(peer: "server", let reason)? = outcome.clientError else {
            Issue.record("client saw \(String(describing: outcome.clientError))", sourceLocation: sourceLocation)
            return
        }
        #expect(reason.contains(text), sourceLocation: sourceLocation)
    }
}
