import ChorusSupport

/// What OpenSSL's callbacks learn about one connection's peer during the
/// handshake. Owned by its `TLSEngine` and handed to OpenSSL as the SSL's
/// app data (unretained); callbacks run synchronously inside the engine's own
/// `SSL_*` calls, so it is only ever touched by the engine's owner.
final class TLSPeerRecord {
    /// Why the server refused the client's certificate.
    enum Rejection {
        case notEnrolled(Ed25519PublicKey)
        case badCertificate(String)
    }

    /// The peer's Ed25519 key once its certificate was accepted.
    var peerKey: Ed25519PublicKey?
    /// Set by the server's verify callback when it refused the client.
    var rejection: Rejection?
    /// Client side: the server sent a session ticket, which it does only after
    /// verifying our certificate and Finished: the server accepted us.
    var serverSentTicket = false
}
