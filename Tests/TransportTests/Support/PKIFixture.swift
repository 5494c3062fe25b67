import Transport

/// A coordinator CA, its TLS certificate for localhost/127.0.0.1, and one
/// enrolled participant, all made in memory for a test.
struct PKIFixture {
    let authority: CertificateAuthority
    let serverKey: Ed25519Identity
    let serverCertificate: Certificate
    let participant: Ed25519Identity

    init() throws {
        authority = try CertificateAuthority.generate()
        serverKey = try Ed25519Identity.generate()
        serverCertificate = try authority.issueServerCertificate(for: serverKey, hosts: ["localhost", "127.0.0.1"])
        participant = try Ed25519Identity.generate()
    }

    /// The server's settings, accepting `enrolled` (default: the participant).
    func server(enrolled: Set<Ed25519PublicKey>? = nil) -> ServerTLSConfiguration {
        ServerTLSConfiguration(certificate: serverCertificate, privateKey: serverKey,
                               enrolled: enrolled ?? [participant.publicKey])
    }

    /// The participant's settings, pinning `trusting` (default: this fixture's CA).
    func client(identity: Ed25519Identity? = nil, trusting: Certificate? = nil) -> ClientTLSConfiguration {
        ClientTLSConfiguration(identity: identity ?? participant, trustedCA: trusting ?? authority.certificate)
    }
}
