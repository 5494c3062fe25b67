import ChorusSupport

/// The coordinator's TLS settings: its certificate (signed by the CA that
/// participants pin), its private key, and the participant keys it accepts.
public struct ServerTLSConfiguration: Sendable {
    public var certificate: Certificate
    public var privateKey: Ed25519SigningKey
    /// Ed25519 keys of enrolled participants; any other client is refused
    /// during the handshake.
    public var enrolled: Set<Ed25519PublicKey>

    public init(certificate: Certificate, privateKey: Ed25519SigningKey, enrolled: Set<Ed25519PublicKey>) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.enrolled = enrolled
    }

    /// The OpenSSL context for these settings (one per server, or per connection attempt).
    package func makeContext() throws(TransportError) -> TLSContext {
        try TLSContext.server(certificate: certificate.handle, key: EVPKey(signingKey: privateKey), enrolled: enrolled)
    }
}

/// A participant's TLS settings: the identity it presents as its client
/// certificate, and the coordinator CA it pins.
public struct ClientTLSConfiguration: Sendable {
    public var identity: Ed25519SigningKey
    /// The only CA whose certificates are trusted (a copy of the coordinator's `ca.crt`).
    public var trustedCA: Certificate

    public init(identity: Ed25519SigningKey, trustedCA: Certificate) {
        self.identity = identity
        self.trustedCA = trustedCA
    }

    /// The OpenSSL context for these settings (one per server, or per connection attempt).
    package func makeContext() throws(TransportError) -> TLSContext {
        try TLSContext.client(identity: identity, trustedCA: trustedCA.handle)
    }
}
