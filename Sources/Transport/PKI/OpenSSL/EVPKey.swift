import ChorusSupport
internal import COpenSSL

/// The one owner of an OpenSSL `EVP_PKEY` holding an Ed25519 key (private, or
/// public only); `deinit` frees it.
final class EVPKey: @unchecked Sendable {
    // Sendable: the key is never mutated after init, and OpenSSL allows
    // concurrent read-only use of one EVP_PKEY (reading its raw keys, writing
    // PEM, signing a certificate and TLS handshakes each use their own context;
    // reference counts are atomic).
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// OpenSSL's copy of `signingKey` (built from its seed, which is OpenSSL's raw
    /// private key): what certificates are signed with and TLS proves possession of.
    convenience init(signingKey: Ed25519SigningKey) throws(TransportError) {
        OpenSSLErrorQueue.clear()
        let key = signingKey.withSeed { seed in
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed.cBytes, seed.count)
        }
        guard let key else { throw OpenSSLErrorQueue.error("EVP_PKEY_new_raw_private_key(ED25519)") }
        self.init(taking: key)
    }

    /// Parses a PKCS#8 PEM private key; `source` names the file in errors.
    static func privateKey(pem: [UInt8], source: String) throws(TransportError) -> EVPKey {
        try parseEd25519(pem, source: source, kind: "private key") { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
    }

    /// Parses a PEM SubjectPublicKeyInfo; `source` names the file in errors.
    static func publicKey(pem: [UInt8], source: String) throws(TransportError) -> EVPKey {
        try parseEd25519(pem, source: source, kind: "public key") { PEM_read_bio_PUBKEY($0, nil, nil, nil) }
    }

    private static func parseEd25519(
        _ pem: [UInt8], source: String, kind: String, read: (OpaquePointer) -> OpaquePointer?
    ) throws(TransportError) -> EVPKey {
        let key: EVPKey
        do {
            key = EVPKey(taking: try MemoryBIO.parse(pem, "reading a PEM \(kind)", read))
        } catch {
            throw .file(path: source, reason: "not a PEM \(kind) (\(error))")
        }
        guard key.isEd25519 else { throw .file(path: source, reason: "the key is not Ed25519") }
        return key
    }

    /// True when this is an Ed25519 key.
    var isEd25519: Bool {
        EVP_PKEY_get_id(pointer) == EVP_PKEY_ED25519
    }

    /// The 32-byte raw public key.
    func rawPublicKey() throws(TransportError) -> [UInt8] {
        OpenSSLErrorQueue.clear()
        var raw = [UInt8](repeating: 0, count: Ed25519PublicKey.byteCount)
        var length = raw.count
        guard EVP_PKEY_get_raw_public_key(pointer, &raw, &length) == 1, length == raw.count else {
            throw OpenSSLErrorQueue.error("EVP_PKEY_get_raw_public_key")
        }
        return raw
    }

    /// The 32-byte raw private key (the Ed25519 seed), written by OpenSSL straight
    /// into wiped-on-release memory.
    func rawPrivateKey() throws(TransportError) -> SecretBytes {
        OpenSSLErrorQueue.clear()
        var length = Ed25519PublicKey.byteCount
        var status: Int32 = 0
        let seed = SecretBytes(count: length) { out in
            status = EVP_PKEY_get_raw_private_key(pointer, out.cBytes, &length)
        }
        guard status == 1, length == seed.count else {
            throw OpenSSLErrorQueue.error("EVP_PKEY_get_raw_private_key")
        }
        return seed
    }

    /// The private key as PKCS#8 PEM. The text passes through OpenSSL's
    /// secure-memory BIO; the caller owns (and should zero) the result.
    func pkcs8PEM() throws(TransportError) -> [UInt8] {
        try MemoryBIO.collect("PEM_write_bio_PrivateKey", secret: true) {
            PEM_write_bio_PrivateKey($0, pointer, nil, nil, 0, nil, nil)
        }
    }
}
