import ChorusSupport
import Foundation

/// An Ed25519 private key: a participant's identity (its TLS client key and
/// its protocol signing key) or the coordinator's signing or TLS key.
///
/// Never printed, logged or `Codable`; on disk it is PKCS#8 PEM in a file
/// readable by its owner only. The raw seed leaves OpenSSL only as
/// ``SecretBytes`` (``secretSeed()``), for libsodium, whose Ed25519 seed equals
/// OpenSSL's raw private key: signatures are made by ChorusSupport's one Ed25519.
public struct Ed25519Identity: Sendable {
    let key: EVPKey

    /// The public half, as enrolled on the roster.
    public let publicKey: Ed25519PublicKey

    init(key: EVPKey) throws(TransportError) {
        self.key = key
        publicKey = try Ed25519PublicKey(rawRepresentation: key.rawPublicKey())
    }

    /// A fresh identity from OpenSSL's CSPRNG.
    public static func generate() throws(TransportError) -> Ed25519Identity {
        try Ed25519Identity(key: EVPKey.generateEd25519())
    }

    /// Reads a PKCS#8 PEM Ed25519 private key file.
    /// - Throws: `TransportError.file` naming the file when it is missing, not
    ///   PEM, or not Ed25519.
    public static func load(from url: URL) throws(TransportError) -> Ed25519Identity {
        var pem = try TransportFile.read(url)
        defer { pem.withUnsafeMutableBytes { Sodium.wipe($0) } }
        return try Ed25519Identity(key: EVPKey.privateKey(pem: pem, source: url.path))
    }

    /// Writes the private key as PKCS#8 PEM to `url` atomically, mode 0600.
    /// - Throws: `TransportError.alreadyExists` rather than overwrite a key.
    public func save(to url: URL) throws(TransportError) {
        var pem = try key.pkcs8PEM()
        defer { pem.withUnsafeMutableBytes { Sodium.wipe($0) } }
        try TransportFile.write(pem, to: url, permissions: 0o600, overwrite: false)
    }

    /// The 32-byte Ed25519 seed (RFC 8032 private key) in wiped-on-release memory:
    /// what a protocol signing key is made from, never copied into an array.
    package func secretSeed() throws(TransportError) -> SecretBytes {
        try key.rawPrivateKey()
    }

    /// The 64-byte Ed25519 signature of `message` (libsodium, over this key's seed).
    public func signature(for message: [UInt8]) throws(TransportError) -> [UInt8] {
        guard let pair = Sodium.ed25519KeyPair(seed: try secretSeed()) else {
            throw .openSSL(operation: "Ed25519 signing", reason: "libsodium failed to initialise")
        }
        return Sodium.ed25519Sign(message, secretKey: pair.secret)
    }
}
