import ChorusSupport
import Testing
import Transport

/// Real TLS 1.3 over 127.0.0.1 (port 0): frames both ways, refusals at the
/// handshake, and peers dropped for bad bytes or silence.
struct LoopbackTests {
    @Test(.timeLimit(.minutes(1)))
    func framesRoundTripIncludingAFullModelUpdate() async throws {
        let loopback = try await Loopback()
        let client = try await loopback.connect()
        let server = try await loopback.accept()
        #expect(server.peerKey == loopback.pki.participant.publicKey)
        #expect(client.peerKey == loopback.pki.serverKey.publicKey)

        // 622,154 UInt32 values: one masked update of the default CNN.
        var generator = SeededBytes(seed: 7)
        let update = Frame(type: 1, round: 42, payload: generator.bytes(622_154 * 4))
        let small = Frame(type: 2, round: 42, payload: [1, 2, 3])
        try await client.send(small)
        try await client.send(update)
        try await server.send(Frame(type: 2, round: 43, payload: []))

        var fromClient = server.frames.makeAsyncIterator()
        #expect(try await fromClient.next() == small)
        #expect(try await fromClient.next() == update)
        var fromServer = client.frames.makeAsyncIterator()
        #expect(try await fromServer.next() == Frame(type: 2, round: 43, payload: []))

        await client.close()
        #expect(try await fromClient.next() == nil)  // clean close ends the sequence
        await loopback.server.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func unenrolledKeyIsRefusedAtTheHandshakeAndNamed() async throws {
        let loopback = try await Loopback()
        let stranger = try Ed25519SigningKey.generate()
        // TLS 1.3: the client finishes first and learns of the refusal from the server's alert.
        do {
            _ = try await loopback.connect(loopback.pki.client(identity: stranger))
            Issue.record("the handshake succeeded")
        } catch {
            guard case .keyRefused? = error as? TransportError else {
                Issue.record("expected the key refused, got \(error)")
                return
            }
            #expect("\(error)".contains("this identity is not enrolled at the coordinator"))
        }
        #expect(loopback.dropReasons.contains { $0.contains("\(stranger.publicKey) is not enrolled") })

        // The refused client never reached the coordinator's code: the next
        // connection handed out is the enrolled participant's.
        let enrolled = try await loopback.connect()
        let accepted = try await loopback.accept()
        #expect(accepted.peerKey == loopback.pki.participant.publicKey)
        await enrolled.close()
        await loopback.server.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func clientNotTrustingTheCARefusesTheServer() async throws {
        let loopback = try await Loopback()
        let otherCA = try CertificateAuthority.generate(commonName: "not the coordinator's CA")
        await expectHandshakeFailure(mentioning: "not trusted") {
            try await loopback.connect(loopback.pki.client(trusting: otherCA.certificate))
        }
        await loopback.server.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func oversizedFrameDropsThePeerWithATypedError() async throws {
        let loopback = try await Loopback(options: Loopback.options(maximumPayload: 100))
        // This client believes type 1 may carry 1000 bytes; the server allows 100.
        let client = try await loopback.connect(options: Loopback.options(maximumPayload: 1000))
        let server = try await loopback.accept()
        try await client.send(Frame(type: 1, round: 1, payload: [UInt8](repeating: 9, count: 500)))

        await #expect(throws: TransportError.wire(
            peer: server.remoteAddress, .payloadTooLarge(type: 1, limit: 100, actual: 500))) {
            for try await _ in server.frames {}
        }
        await loopback.server.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func sendingOverTheLimitFailsLocallyAndKeepsTheConnection() async throws {
        let loopback = try await Loopback(options: Loopback.options(maximumPayload: 100))
        let client = try await loopback.connect(options: Loopback.options(maximumPayload: 100))
        let server = try await loopback.accept()
        await #expect(throws: TransportError.self) {
            try await client.send(Frame(type: 1, round: 1, payload: [UInt8](repeating: 0, count: 101)))
        }
        let fits = Frame(type: 1, round: 1, payload: [UInt8](repeating: 0, count: 100))
        try await client.send(fits)
        var frames = server.frames.makeAsyncIterator()
        #expect(try await frames.next() == fits)
        await loopback.server.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func silentPeerIsDroppedAfterItsDeadline() async throws {
        let deadline = Duration.milliseconds(300)
        let loopback = try await Loopback(options: Loopback.options(readTimeout: deadline))
        let clock = ContinuousClock()
        let start = clock.now
        // The client sends no heartbeats and nothing else: silent after the handshake.
        let client = try await loopback.connect(options: Loopback.options().withoutHeartbeats())
        let server = try await loopback.accept()
        await #expect(throws: TransportError.idleTimeout(peer: server.remoteAddress, seconds: 0.3)) {
            for try await _ in server.frames {}
        }
        #expect(clock.now - start >= deadline)
        #expect(loopback.dropReasons.contains { $0.contains("silent for 0.3 s") })
        _ = client
        await loopback.server.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func heartbeatsKeepAnIdleButLivePeerConnected() async throws {
        let deadline = Duration.milliseconds(300)
        let loopback = try await Loopback(options: Loopback.options(readTimeout: deadline))
        // Heartbeats every 100 ms; the peer says nothing else for 3 deadlines.
        let client = try await loopback.connect(options: Loopback.options(readTimeout: deadline))
        let server = try await loopback.accept()
        try await Task.sleep(for: deadline * 3)
        let last = Frame(type: 2, round: 9, payload: [9])
        try await client.send(last)
        var frames = server.frames.makeAsyncIterator()
        #expect(try await frames.next() == last)  // heartbeats are not delivered
        await loopback.server.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func garbageAfterAValidHandshakeDropsThePeer() async throws {
        let loopback = try await Loopback()
        let client = try await loopback.connect()
        let server = try await loopback.accept()
        try await client.sendUnframed(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))

        await #expect(throws: TransportError.wire(
            peer: server.remoteAddress, .badMagic(expected: FrameHeader.magic, actual: 0x4745_5420))) {
            for try await _ in server.frames {}
        }
        #expect(loopback.dropReasons.contains { $0.contains("magic is 0x47455420") })
        await loopback.server.close()
    }

    /// `connect` fails its handshake with a reason containing `text`.
    private func expectHandshakeFailure(
        mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ connect: () async throws -> TransportConnection
    ) async {
        do {
            _ = try await connect()
            Issue.record("the handshake succeeded", sourceLocation: sourceLocation)
        } catch {
            guard case .handshakeFailed(_, let reason)? = error as? TransportError else {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(reason.contains(text), sourceLocation: sourceLocation)
        }
    }
}
