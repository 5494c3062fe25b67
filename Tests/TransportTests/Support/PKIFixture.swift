import ChorusSupport
import Transport

/// A coordinator CA, its TLS certificate for localhost/127.0.0.1, and one
/// enrolled participant, all made in memory for a test.
struct PKIFixture {
    let authority: CertificateAuthority
    let serverKey: Ed25519SigningKey
    let serverCertificate: Certificate
    let participant: Ed25519SigningKey

    init() throws {
        authority = try CertificateAuthority.generate()
        serverKey = try Ed25519SigningKey.generate()
        serverCertificate = try authority.issueServerCertificate(for: serverKey, hosts: ["localhost", "127.0.0.1"])
        participant = try Ed25519SigningKey.generate()
    }

    /// The server's settings, accepting `enrolled` (default: the participant).
    func server(enrolled: Set<Ed25519PublicKey>? = nil) -> ServerTLSConfiguration {
        ServerTLSConfiguration(certificate: serverCertificate, privateKey: serverKey,
                               enrolled: enrolled ?? [participant.publicKey])
    }

    /// The participant's settings, pinning `trusting` (default: this fixture's CA).
    func client(identity: Ed25519SigningKey? = nil, trusting: Certificate? = nil) -> ClientTLSConfiguration {
        ClientTLSConfiguration(identity: identity ?? participant, trustedCA: trusting ?? authority.certificate)
    }
}
