import NIOCore

/// Runs a client and a server `TLSEngine` against each other in memory,
/// moving ciphertext both ways until neither has anything to send: the
/// handshake without sockets, for tests and as the benchmark's reference.
package enum TLSEnginePump {
    /// What each side ended with: its plaintext received, or the error it hit.
    package struct Outcome {
        package var clientError: TransportError?
        package var serverError: TransportError?
        package var clientReceived = ByteBuffer()
        package var serverReceived = ByteBuffer()

        package init() {}
    }

    /// Steps both engines (handshake, then reads) until no ciphertext moves.
    package static func run(client: inout TLSEngine, server: inout TLSEngine, outcome: inout Outcome) {
        for _ in 0..<50 {
            var moved = false
            if outcome.clientError == nil {
                do { try step(&client, into: &outcome.clientReceived) } catch { outcome.clientError = error }
            }
            if let bytes = client.drain() { server.feed(bytes); moved = true }
            if outcome.serverError == nil {
                do { try step(&server, into: &outcome.serverReceived) } catch { outcome.serverError = error }
            }
            if let bytes = server.drain() { client.feed(bytes); moved = true }
            if !moved { return }
        }
    }

    private static func step(_ engine: inout TLSEngine, into received: inout ByteBuffer) throws(TransportError) {
        guard try engine.handshake() == .complete else { return }
        _ = try engine.read(into: &received)
    }
}
