import ChorusSupport
import Foundation

/// Public key files and arguments: ChorusSupport's one Ed25519 public key read from
/// `identity.pub` (64 hex digits), a PEM `PUBLIC KEY` block, a certificate or a flag,
/// with errors naming where it came from.
extension Ed25519PublicKey {
    /// Wraps 32 raw key bytes.
    /// - Throws: `TransportError.file` naming `source` when they are not a usable key.
    init(rawRepresentation: [UInt8], source: String) throws(TransportError) {
        do { try self.init(rawRepresentation: rawRepresentation) } catch { throw .file(path: source, reason: "\(error)") }
    }

    /// Parses 64 hex digits (either case; surrounding whitespace ignored).
    /// - Throws: `TransportError.file` naming `source` and what was wrong.
    public init(hex: String, source: String) throws(TransportError) {
        do { try self.init(hex: hex) } catch { throw .file(path: source, reason: "\(error)") }
    }

    /// Reads a public key file: 64 hex digits (what `chorus keygen` writes to
    /// `identity.pub`) or a PEM `PUBLIC KEY` block holding an Ed25519 key.
    public static func load(from url: URL) throws(TransportError) -> Ed25519PublicKey {
        let bytes = try TransportFile.read(url)
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("-----BEGIN PUBLIC KEY-----") {
            let key = try EVPKey.publicKey(pem: bytes, source: url.path)
            return try Ed25519PublicKey(rawRepresentation: key.rawPublicKey(), source: url.path)
        }
        return try Ed25519PublicKey(hex: text, source: url.path)
    }
}
