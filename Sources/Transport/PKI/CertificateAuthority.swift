import ChorusSupport

/// The coordinator's certificate authority: an Ed25519 key and a self-signed
/// CA certificate. It signs the coordinator's TLS certificate; participants pin
/// its certificate (`ca.crt`) to recognize the coordinator.
public struct CertificateAuthority: Sendable {
    /// Lifetime of the CA and of the server certificates it issues (10 years, seconds).
    public static let lifetime = 10 * 365 * 86_400

    /// The CA certificate participants pin.
    public let certificate: Certificate
    /// The CA's signing key.
    public let key: Ed25519SigningKey

    public init(certificate: Certificate, key: Ed25519SigningKey) {
        self.certificate = certificate
        self.key = key
    }

    /// A new CA with a fresh key and a self-signed certificate named `commonName`.
    public static func generate(commonName: String = "Chorus coordinator CA") throws(TransportError) -> Self {
        let key = try Ed25519SigningKey.fresh()
        let openSSLKey = try EVPKey(signingKey: key)
        let builder = CertificateBuilder(commonName: commonName, role: .authority, lifetime: lifetime)
        let handle = try builder.build(subjectKey: openSSLKey, issuer: nil, issuerKey: openSSLKey)
        return CertificateAuthority(certificate: Certificate(handle: handle), key: key)
    }

    /// A TLS server certificate for `tlsKey`, valid for each of `hosts`
    /// (DNS names or IP literals), signed by this CA.
    public func issueServerCertificate(
        for tlsKey: Ed25519SigningKey, hosts: [String], commonName: String = "Chorus coordinator"
    ) throws(TransportError) -> Certificate {
        let builder = CertificateBuilder(commonName: commonName, role: .server(hosts: hosts), lifetime: Self.lifetime)
        return Certificate(handle: try builder.build(
            subjectKey: EVPKey(signingKey: tlsKey), issuer: certificate.handle, issuerKey: EVPKey(signingKey: key)))
    }
}
