import ChorusSupport
import Foundation

/// A raw 32-byte Ed25519 public key: a participant's identity on the roster,
/// what its TLS client certificate carries, and what SecureAgg verifies its
/// protocol signatures with (libsodium takes the same 32 bytes).
///
/// On disk (`identity.pub`, the roster) it is 64 lowercase hex digits.
public struct Ed25519PublicKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Length of the raw key in bytes.
    public static let byteCount = 32

    /// The 32 raw key bytes (RFC 8032 encoding).
    public let rawRepresentation: [UInt8]

    /// Wraps 32 raw key bytes.
    /// - Throws: `TransportError.file` naming `source` when the length is not 32.
    public init(rawRepresentation: [UInt8], source: String = "public key") throws(TransportError) {
        guard rawRepresentation.count == Self.byteCount else {
            throw .file(path: source, reason: "Ed25519 public key has \(rawRepresentation.count) bytes, expected 32")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Parses 64 hex digits (either case; surrounding whitespace ignored).
    /// - Throws: `TransportError.file` naming `source` and what was wrong.
    public init(hex: String, source: String = "public key") throws(TransportError) {
        let digits = Array(hex.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard digits.count == 2 * Self.byteCount else {
            throw .file(path: source, reason: "expected 64 hex digits, found \(digits.count) characters")
        }
        guard let raw = Hex.decode(String(decoding: digits, as: UTF8.self)) else {
            throw .file(path: source, reason: "the key is not made of hex digits")
        }
        try self.init(rawRepresentation: raw, source: source)
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

    /// The key as 64 lowercase hex digits.
    public var hex: String {
        Hex.encode(rawRepresentation)
    }

    public var description: String { hex }

    /// True when `signature` is this key's valid Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        Sodium.ed25519Verify(signature, message: message, publicKey: rawRepresentation)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = try Ed25519PublicKey(hex: container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
