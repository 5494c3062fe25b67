import ChorusSupport
import Foundation
import Transport

/// The files of a coordinator (`chorus coordinator init --dir D`), mode 0700:
///
/// | file | what | mode |
/// |---|---|---|
/// | `ca.crt` | CA certificate: give a copy to each participant (`--ca`) | 0644 |
/// | `ca.key` | CA private key (PKCS#8 PEM) | 0600 |
/// | `tls.crt`, `tls.key` | the coordinator's TLS certificate and key | 0644, 0600 |
/// | `signing.key`, `signing.pub` | Ed25519 key signing round configs and reports; public key as hex | 0600, 0644 |
/// | `roster.json` | enrolled participant keys | 0644 |
/// | `config.json` | the coordinator's settings (written by the `chorus` command) | 0644 |
public struct CoordinatorDirectory: Sendable {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public var caCertificateURL: URL { url.appendingPathComponent("ca.crt") }
    public var caKeyURL: URL { url.appendingPathComponent("ca.key") }
    public var tlsCertificateURL: URL { url.appendingPathComponent("tls.crt") }
    public var tlsKeyURL: URL { url.appendingPathComponent("tls.key") }
    public var signingKeyURL: URL { url.appendingPathComponent("signing.key") }
    public var signingPublicKeyURL: URL { url.appendingPathComponent("signing.pub") }
    public var rosterURL: URL { url.appendingPathComponent("roster.json") }
    public var configURL: URL { url.appendingPathComponent("config.json") }

    /// Creates the CA, the TLS key and certificate (valid for `localhost`,
    /// `127.0.0.1` and `hosts`), the signing key and an empty roster.
    /// - Throws: `TransportError.alreadyExists` when the directory already holds
    ///   a coordinator's keys (nothing is overwritten).
    @discardableResult
    public static func initialize(at url: URL, hosts: [String]) throws(TransportError) -> CoordinatorDirectory {
        let directory = CoordinatorDirectory(url: url)
        for existing in [directory.caKeyURL, directory.tlsKeyURL, directory.signingKeyURL, directory.rosterURL]
        where FileManager.default.fileExists(atPath: existing.path) {
            throw .alreadyExists(path: existing.path)
        }
        try TransportFile.makePrivateDirectory(url)
        let authority = try CertificateAuthority.generate()
        let tlsKey = try Ed25519SigningKey.fresh()
        var allHosts = ["localhost", "127.0.0.1"]
        for host in hosts where !allHosts.contains(host) { allHosts.append(host) }
        let tlsCertificate = try authority.issueServerCertificate(for: tlsKey, hosts: allHosts)
        let signing = try Ed25519SigningKey.fresh()

        try authority.key.save(to: directory.caKeyURL)
        try authority.certificate.save(to: directory.caCertificateURL)
        try tlsKey.save(to: directory.tlsKeyURL)
        try tlsCertificate.save(to: directory.tlsCertificateURL)
        try signing.save(to: directory.signingKeyURL)
        try TransportFile.write(Array((signing.publicKey.hex + "\n").utf8), to: directory.signingPublicKeyURL,
                             permissions: 0o644, overwrite: false)
        try Roster().save(to: directory.rosterURL)
        return directory
    }

    /// Adds the participant key in `publicKeyFile` (hex or PEM) to the roster,
    /// rewriting `roster.json` atomically.
    /// A key revoked before is enrolled again in its place.
    /// - Throws: `TransportError.duplicateEnrollment` when it is already enrolled.
    @discardableResult
    public func enroll(publicKeyFile: URL, at date: Date = Date()) throws(TransportError) -> Ed25519PublicKey {
        let key = try Ed25519PublicKey.load(from: publicKeyFile)
        var roster = try Roster.load(from: rosterURL)
        try roster.enroll(key, at: date)
        try roster.save(to: rosterURL)
        return key
    }

    /// Revokes `key` in the roster, rewriting `roster.json` atomically.
    /// - Throws: `TransportError.notOnRoster` when it is not enrolled.
    public func revoke(_ key: Ed25519PublicKey, at date: Date = Date()) throws(TransportError) {
        var roster = try Roster.load(from: rosterURL)
        try roster.revoke(key, at: date)
        try roster.save(to: rosterURL)
    }

    /// The roster as it is on disk now.
    public func roster() throws(TransportError) -> Roster {
        try Roster.load(from: rosterURL)
    }

    /// The coordinator's signing identity (round configurations, reports).
    public func signingIdentity() throws(TransportError) -> Ed25519SigningKey {
        try Ed25519SigningKey.load(from: signingKeyURL)
    }

    /// The TLS server settings: the coordinator's certificate and key, and the
    /// roster as it is on disk now.
    public func serverTLSConfiguration() throws(TransportError) -> ServerTLSConfiguration {
        try ServerTLSConfiguration(
            certificate: Certificate.load(from: tlsCertificateURL),
            privateKey: Ed25519SigningKey.load(from: tlsKeyURL),
            enrolled: roster().keys)
    }
}
