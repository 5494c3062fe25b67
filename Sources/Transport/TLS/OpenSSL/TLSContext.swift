import ChorusSupport
internal import COpenSSL

/// The one owner of an OpenSSL `SSL_CTX`: TLS 1.3 only, Ed25519 certificates,
/// and the peer-authentication rules of one side. `deinit` frees it.
package final class TLSContext: @unchecked Sendable {
    // Sendable: the SSL_CTX is fully configured in init and afterwards only
    // used to create SSL objects (SSL_new), which OpenSSL allows from any
    // thread; `enrolled` is immutable.
    let pointer: OpaquePointer
    let isServer: Bool
    /// Handed unretained to the verify callback; kept alive here.
    private let enrolled: TLSCallbacks.EnrolledKeys?

    private init(server: Bool, enrolled: Set<Ed25519PublicKey>?) throws(TransportError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()) else {
            throw OpenSSLErrorQueue.error("SSL_CTX_new")
        }
        pointer = context
        isServer = server
        self.enrolled = enrolled.map(TLSCallbacks.EnrolledKeys.init)
        guard chorus_SSL_CTX_set_min_proto_version(context, chorus_TLS1_3_VERSION()) == 1,
              chorus_SSL_CTX_set_max_proto_version(context, chorus_TLS1_3_VERSION()) == 1 else {
            throw OpenSSLErrorQueue.error("restricting to TLS 1.3")
        }
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    /// The coordinator's side: presents `certificate` (signed by the CA the
    /// participants pin) and accepts only clients whose Ed25519 key is in `enrolled`.
    static func server(
        certificate: X509Handle, key: EVPKey, enrolled: Set<Ed25519PublicKey>
    ) throws(TransportError) -> TLSContext {
        let context = try TLSContext(server: true, enrolled: enrolled)
        try context.use(certificate: certificate, key: key)
        let ctx = context.pointer
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        let argument = context.enrolled.map { Unmanaged.passUnretained($0).toOpaque() }
        SSL_CTX_set_cert_verify_callback(ctx, TLSCallbacks.verifyEnrolledClient, argument)
        // No resumption: every connection runs the verify callback against the
        // roster. One stateful ticket is still sent; with the cache off it
        // resumes nothing, and it tells the client it was accepted.
        chorus_SSL_CTX_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_OFF))
        SSL_CTX_set_options(ctx, chorus_SSL_OP_NO_TICKET())
        guard SSL_CTX_set_num_tickets(ctx, 1) == 1 else { throw OpenSSLErrorQueue.error("SSL_CTX_set_num_tickets") }
        return context
    }

    /// A participant's side: presents a self-signed certificate made from
    /// `identity` and trusts only servers whose certificate chains to `trustedCA`.
    static func client(identity: Ed25519SigningKey, trustedCA: X509Handle) throws(TransportError) -> TLSContext {
        let context = try TLSContext(server: false, enrolled: nil)
        let builder = CertificateBuilder(
            commonName: "chorus participant \(identity.publicKey.hex.prefix(16))", role: .client, lifetime: 86_400)
        let key = try EVPKey(signingKey: identity)
        let certificate = try builder.build(subjectKey: key, issuer: nil, issuerKey: key)
        try context.use(certificate: certificate, key: key)
        let ctx = context.pointer
        guard X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), trustedCA.pointer) == 1 else {
            throw OpenSSLErrorQueue.error("X509_STORE_add_cert(pinned CA)")
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        chorus_SSL_CTX_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE))
        SSL_CTX_sess_set_new_cb(ctx, TLSCallbacks.sessionTicketArrived)
        return context
    }

    private func use(certificate: X509Handle, key: EVPKey) throws(TransportError) {
        guard SSL_CTX_use_certificate(pointer, certificate.pointer) == 1,
              SSL_CTX_use_PrivateKey(pointer, key.pointer) == 1,
              SSL_CTX_check_private_key(pointer) == 1 else {
            throw OpenSSLErrorQueue.error("loading the certificate \(certificate.commonName) and its key")
        }
    }
}
