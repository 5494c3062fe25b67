import ChorusSupport
import Foundation

/// An X.509 certificate (PEM on disk): the coordinator's CA certificate that
/// participants pin, or the coordinator's TLS certificate.
public struct Certificate: Sendable {
    let handle: X509Handle

    init(handle: X509Handle) {
        self.handle = handle
    }

    /// Parses a PEM certificate file.
    /// - Throws: `TransportError.file` naming the file when it is missing or not PEM.
    public static func load(from url: URL) throws(TransportError) -> Certificate {
        try Certificate(handle: X509Handle.parse(pem: TransportFile.read(url), source: url.path))
    }

    /// Writes the certificate as PEM to `url` atomically (mode 0644: it is public).
    public func save(to url: URL, overwrite: Bool = false) throws(TransportError) {
        try TransportFile.write(handle.pem(), to: url, permissions: 0o644, overwrite: overwrite)
    }

    /// The certificate's Ed25519 public key.
    public func publicKey() throws(TransportError) -> Ed25519PublicKey {
        try Ed25519PublicKey(rawRepresentation: handle.publicKey().rawPublicKey(), source: "certificate \(commonName)")
    }

    /// The subject's common name.
    public var commonName: String { handle.commonName }
}
