import Foundation

/// An Ed25519 private key: a participant's identity (its TLS client key and
/// its protocol signing key) or the coordinator's signing or TLS key.
///
/// Never printed, logged or `Codable`; on disk it is PKCS#8 PEM in a file
/// readable by its owner only. The raw seed is lent out only inside
/// ``withRawSeed(_:)``, for libsodium (whose Ed25519 seed equals OpenSSL's
/// raw private key).
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
        defer { pem.withUnsafeMutableBytes { Zeroize.bytes($0) } }
        return try Ed25519Identity(key: EVPKey.privateKey(pem: pem, source: url.path))
    }

    /// Writes the private key as PKCS#8 PEM to `url` atomically, mode 0600.
    /// - Throws: `TransportError.alreadyExists` rather than overwrite a key.
    public func save(to url: URL) throws(TransportError) {
        var pem = try key.pkcs8PEM()
        defer { pem.withUnsafeMutableBytes { Zeroize.bytes($0) } }
        try TransportFile.write(pem, to: url, permissions: 0o600, overwrite: false)
    }

    /// Calls `body` with the 32-byte Ed25519 seed (RFC 8032 private key), which
    /// is zeroed when `body` returns. Do not keep the pointer.
    public func withRawSeed<R>(_ body: (UnsafeRawBufferPointer) -> R) throws(TransportError) -> R {
        try key.withRawPrivateKey(body)
    }

    /// The 64-byte Ed25519 signature of `message` (for round configurations
    /// and privacy reports).
    public func signature(for message: [UInt8]) throws(TransportError) -> [UInt8] {
        try key.sign(message)
    }
}
