import ChorusSupport

/// Inbound user event: the TLS handshake is done and the peer authenticated
/// (`peerKey` is its certificate's Ed25519 key). Handlers after the TLS
/// handler may start writing.
struct TLSEstablished: Sendable {
    let peerKey: Ed25519PublicKey
}
