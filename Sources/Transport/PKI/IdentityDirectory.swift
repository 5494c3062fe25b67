import ChorusSupport
import Foundation

/// A participant's identity files (`chorus keygen --out DIR`), directory mode 0700:
///
/// | file | what | mode |
/// |---|---|---|
/// | `identity.key` | Ed25519 private key, PKCS#8 PEM | 0600 |
/// | `identity.pub` | the public key as 64 hex digits and a newline: the file the operator enrolls | 0644 |
public struct IdentityDirectory: Sendable {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public var privateKeyURL: URL { url.appendingPathComponent("identity.key") }
    public var publicKeyURL: URL { url.appendingPathComponent("identity.pub") }

    /// Generates a new identity and writes both files.
    /// - Throws: `TransportError.alreadyExists` rather than replace an identity.
    @discardableResult
    public static func create(at url: URL) throws(TransportError) -> Ed25519SigningKey {
        let directory = IdentityDirectory(url: url)
        for existing in [directory.privateKeyURL, directory.publicKeyURL]
        where FileManager.default.fileExists(atPath: existing.path) {
            throw .alreadyExists(path: existing.path)
        }
        try TransportFile.makePrivateDirectory(url)
        let identity = try Ed25519SigningKey.fresh()
        try identity.save(to: directory.privateKeyURL)
        try TransportFile.write(Array((identity.publicKey.hex + "\n").utf8), to: directory.publicKeyURL,
                             permissions: 0o644, overwrite: false)
        return identity
    }

    /// Loads the private key and checks it matches `identity.pub`.
    public func load() throws(TransportError) -> Ed25519SigningKey {
        let identity = try Ed25519SigningKey.load(from: privateKeyURL)
        let published = try Ed25519PublicKey.load(from: publicKeyURL)
        guard published == identity.publicKey else {
            throw .file(path: publicKeyURL.path, reason: "does not match \(privateKeyURL.lastPathComponent)")
        }
        return identity
    }
}
