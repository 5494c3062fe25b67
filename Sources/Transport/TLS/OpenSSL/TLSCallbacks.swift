import ChorusSupport
internal import COpenSSL

/// The C callbacks OpenSSL calls during handshakes. They reach Swift state
/// through the SSL's app data (`TLSPeerRecord`) and the callback argument
/// (`EnrolledKeys`), both kept alive by their owners for the SSL's lifetime.
enum TLSCallbacks {
    /// The set of participant keys the server accepts, shared read-only.
    final class EnrolledKeys: Sendable {
        let keys: Set<Ed25519PublicKey>
        init(_ keys: Set<Ed25519PublicKey>) { self.keys = keys }
    }

    /// Server side: replaces X.509 chain building for client certificates.
    /// Participants present self-signed certificates; what authenticates them
    /// is the raw Ed25519 key, which must be on the roster. TLS 1.3's
    /// CertificateVerify then proves the client holds the private key.
    static let verifyEnrolledClient: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Int32 = {
        storeContext, argument in
        guard let storeContext, let argument,
              let ssl = X509_STORE_CTX_get_ex_data(storeContext, SSL_get_ex_data_X509_STORE_CTX_idx()),
              let recordPointer = chorus_SSL_get_app_data(OpaquePointer(ssl))
        else { return 0 }
        let record = Unmanaged<TLSPeerRecord>.fromOpaque(recordPointer).takeUnretainedValue()
        let enrolled = Unmanaged<EnrolledKeys>.fromOpaque(argument).takeUnretainedValue()
        switch clientKey(X509_STORE_CTX_get0_cert(storeContext)) {
        case .success(let key) where enrolled.keys.contains(key):
            record.peerKey = key
            return 1
        case .success(let key):
            record.rejection = .notEnrolled(key)
        case .failure(let reason):
            record.rejection = .badCertificate(reason.description)
        }
        X509_STORE_CTX_set_error(storeContext, X509_V_ERR_APPLICATION_VERIFICATION)
        return 0
    }

    /// Client side: called when the server's session ticket arrives.
    /// Returns 0: we keep no sessions (every connection is a full handshake).
    static let sessionTicketArrived: @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32 = { ssl, _ in
        if let ssl, let recordPointer = chorus_SSL_get_app_data(ssl) {
            Unmanaged<TLSPeerRecord>.fromOpaque(recordPointer).takeUnretainedValue().serverSentTicket = true
        }
        return 0
    }

    /// The raw Ed25519 key of a self-signed client certificate whose signature verifies.
    private static func clientKey(_ certificate: OpaquePointer?) -> Result<Ed25519PublicKey, TransportError> {
        guard let certificate, let key = X509_get0_pubkey(certificate) else {
            return .failure(.openSSL(operation: "reading the client certificate", reason: "no certificate"))
        }
        guard EVP_PKEY_get_id(key) == EVP_PKEY_ED25519 else {
            return .failure(.openSSL(operation: "reading the client certificate", reason: "key is not Ed25519"))
        }
        guard X509_verify(certificate, key) == 1 else {
            OpenSSLErrorQueue.clear()
            return .failure(.openSSL(operation: "reading the client certificate", reason: "not self-signed by its key"))
        }
        var raw = [UInt8](repeating: 0, count: Ed25519PublicKey.byteCount)
        var length = raw.count
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == raw.count else {
            return .failure(OpenSSLErrorQueue.error("EVP_PKEY_get_raw_public_key"))
        }
        return Result { () throws(TransportError) in try Ed25519PublicKey(rawRepresentation: raw, source: "client certificate") }
    }
}
