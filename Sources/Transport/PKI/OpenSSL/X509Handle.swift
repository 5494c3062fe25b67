internal import COpenSSL

/// The one owner of an OpenSSL `X509` certificate; `deinit` frees it.
final class X509Handle: @unchecked Sendable {
    // Sendable: the certificate is complete (signed) before any other code
    // sees it and is only read afterwards; OpenSSL's X509 reference count is atomic.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_free(pointer)
    }

    /// Parses one PEM certificate; `source` names the file in errors.
    static func parse(pem: [UInt8], source: String) throws(TransportError) -> X509Handle {
        do {
            return X509Handle(taking: try MemoryBIO.parse(pem, "PEM_read_bio_X509") {
                PEM_read_bio_X509($0, nil, nil, nil)
            })
        } catch {
            throw .file(path: source, reason: "not a PEM certificate (\(error))")
        }
    }

    /// The certificate as PEM text.
    func pem() throws(TransportError) -> [UInt8] {
        try MemoryBIO.collect("PEM_write_bio_X509") { PEM_write_bio_X509($0, pointer) }
    }

    /// The certificate's public key (a new reference, owned by the result).
    func publicKey() throws(TransportError) -> EVPKey {
        OpenSSLErrorQueue.clear()
        guard let key = X509_get_pubkey(pointer) else { throw OpenSSLErrorQueue.error("X509_get_pubkey") }
        return EVPKey(taking: key)
    }

    /// The subject's common name, for messages.
    var commonName: String {
        guard let name = X509_get_subject_name(pointer) else { return "?" }
        var buffer = [CChar](repeating: 0, count: 256)
        let length = X509_NAME_get_text_by_NID(name, NID_commonName, &buffer, Int32(buffer.count))
        guard length > 0 else { return "?" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
