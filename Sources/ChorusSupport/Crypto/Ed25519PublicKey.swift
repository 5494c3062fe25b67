import Foundation

/// An Ed25519 public key (32 bytes, RFC 8032 encoding), checked to be a valid point of
/// the main subgroup: the one public key type of Chorus. A participant's identity on
/// the roster, what its TLS client certificate carries, what SecureAgg verifies its
/// protocol signatures with, and the coordinator's key that signs plans and reports.
///
/// On disk (`identity.pub`, the roster) and in JSON it is 64 lowercase hex digits.
public struct Ed25519PublicKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Length of the raw key in bytes.
    public static let byteCount = 32
    /// Size of a signature in bytes.
    public static let signatureByteCount = 64

    /// The 32 raw key bytes.
    public let rawRepresentation: [UInt8]

    /// - Throws: `CryptoError.invalidKeyLength` unless 32 bytes; `.invalidKey` for an
    ///   invalid or small-order point.
    public init(rawRepresentation: [UInt8]) throws(CryptoError) {
        guard rawRepresentation.count == Self.byteCount else {
            throw .invalidKeyLength(field: "Ed25519 public key", expected: Self.byteCount, actual: rawRepresentation.count)
        }
        guard Sodium.ed25519IsValidPoint(rawRepresentation) else {
            throw .invalidKey(field: "Ed25519 public key", reason: "not a valid point of the main subgroup")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Parses 64 hex digits (either case; surrounding whitespace ignored).
    /// - Throws: `CryptoError.invalidKey` saying what was wrong.
    public init(hex: String) throws(CryptoError) {
        let digits = Array(hex.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard digits.count == 2 * Self.byteCount else {
            throw .invalidKey(field: "Ed25519 public key",
                              reason: "expected 64 hex digits, found \(digits.count) characters")
        }
        guard let raw = Hex.decode(String(decoding: digits, as: UTF8.self)) else {
            throw .invalidKey(field: "Ed25519 public key", reason: "the key is not made of hex digits")
        }
        try self.init(rawRepresentation: raw)
    }

    /// The key as 64 lowercase hex digits.
    public var hex: String {
        Hex.encode(rawRepresentation)
    }

    public var description: String { hex }

    /// Whether `signature` is this key's valid signature of `message` (strict RFC 8032 checks).
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
