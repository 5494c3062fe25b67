import ChorusSupport

/// Everything that can go wrong moving bytes between coordinator and
/// participants, or handling the keys and certificates that secure them.
/// Each case names the file, peer or key involved so the message alone says
/// what to fix.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An OpenSSL call failed; `reason` is OpenSSL's error queue.
    case openSSL(operation: String, reason: String)
    /// A key could not be made (libsodium unavailable).
    case key(CryptoError)
    /// A file could not be read, written or parsed.
    case file(path: String, reason: String)
    /// `chorus coordinator init` or `chorus keygen` would overwrite existing keys.
    case alreadyExists(path: String)
    /// A public key is already on the roster.
    case duplicateEnrollment(key: Ed25519PublicKey)
    /// A key to revoke that is not enrolled.
    case notOnRoster(key: Ed25519PublicKey)
    /// The peer presented a client certificate whose Ed25519 key is not enrolled.
    case notEnrolled(peer: String, key: Ed25519PublicKey)
    /// The peer's certificate is not an acceptable identity (not Ed25519, bad self-signature).
    case badPeerCertificate(peer: String, reason: String)
    /// The coordinator refused our key at the handshake: it is not enrolled there (or was revoked).
    case keyRefused(peer: String)
    /// The TLS handshake failed for another reason (untrusted CA, wrong host name, alert).
    case handshakeFailed(peer: String, reason: String)
    /// The peer sent nothing for longer than the read deadline.
    case idleTimeout(peer: String, seconds: Double)
    /// The peer sent bytes that are not a valid frame.
    case wire(peer: String, WireError)
    /// The connection closed before the operation finished.
    case connectionClosed(peer: String)
    /// Nothing accepts TCP connections at the address (ECONNREFUSED).
    case connectionRefused(address: String)
    /// Listening or connecting on a socket failed.
    case socket(address: String, reason: String)

    public var description: String {
        switch self {
        case .openSSL(let operation, let reason):
            "OpenSSL \(operation) failed: \(reason)"
        case .key(let error):
            "Ed25519 key: \(error)"
        case .file(let path, let reason):
            "\(path): \(reason)"
        case .alreadyExists(let path):
            "\(path) already exists; refusing to overwrite keys (choose another directory)"
        case .duplicateEnrollment(let key):
            "participant key \(key) is already enrolled"
        case .notOnRoster(let key):
            "participant key \(key) is not enrolled (see `chorus coordinator participants list`)"
        case .notEnrolled(let peer, let key):
            "\(peer): client key \(key) is not enrolled; refused at the handshake"
        case .badPeerCertificate(let peer, let reason):
            "\(peer): unacceptable certificate: \(reason)"
        case .keyRefused(let peer):
            "\(peer) refused this participant's key at the TLS handshake: this identity is not enrolled at the coordinator. "
                + "Send identity.pub (from `chorus keygen`) to the coordinator's operator, who runs "
                + "`chorus coordinator enroll --dir DIR --participant identity.pub`, then join again"
        case .handshakeFailed(let peer, let reason):
            "\(peer): TLS handshake failed: \(reason)"
        case .idleTimeout(let peer, let seconds):
            "\(peer): silent for \(seconds) s, longer than the read deadline; dropped"
        case .wire(let peer, let error):
            "\(peer): bad frame: \(error)"
        case .connectionClosed(let peer):
            "\(peer): connection closed"
        case .socket(let address, let reason):
            "\(address): \(reason)"
        case .connectionRefused(let address):
            "\(address): connection refused: nothing listens there. Check that `chorus coordinator run` is running on that host "
                + "with --listen on port \(address.split(separator: ":").last ?? ""), that HOST:PORT is the coordinator's, "
                + "and that no firewall rejects the port"
        }
    }
}
