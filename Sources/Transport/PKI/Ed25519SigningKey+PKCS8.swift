import ChorusSupport
import Foundation

/// Private key files: ChorusSupport's one Ed25519 signing key as PKCS#8 PEM (what
/// `chorus keygen` and `chorus coordinator init` write, readable by OpenSSL's
/// tools), in a file readable by its owner only.
extension Ed25519SigningKey {
    /// A fresh key (libsodium's CSPRNG) for a key file, failing with Transport's error.
    /// - Throws: `TransportError.key` when libsodium did not initialise.
    package static func fresh() throws(TransportError) -> Ed25519SigningKey {
        do { return try generate() } catch { throw .key(error) }
    }

    /// Reads a PKCS#8 PEM Ed25519 private key file.
    /// - Throws: `TransportError.file` naming the file when it is missing, not
    ///   PEM, or not Ed25519.
    public static func load(from url: URL) throws(TransportError) -> Ed25519SigningKey {
        var pem = try TransportFile.read(url)
        defer { Sodium.wipe(&pem) }
        let seed = try EVPKey.privateKey(pem: pem, source: url.path).rawPrivateKey()
        do { return try Ed25519SigningKey(secretSeed: seed) } catch { throw .file(path: url.path, reason: "\(error)") }
    }

    /// Writes the private key as PKCS#8 PEM to `url` atomically, mode 0600.
    /// - Throws: `TransportError.alreadyExists` rather than overwrite a key.
    public func save(to url: URL) throws(TransportError) {
        var pem = try EVPKey(signingKey: self).pkcs8PEM()
        defer { Sodium.wipe(&pem) }
        try TransportFile.write(pem, to: url, permissions: 0o600, overwrite: false)
    }
}
