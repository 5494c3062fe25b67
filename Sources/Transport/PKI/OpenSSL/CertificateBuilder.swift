internal import COpenSSL

/// Makes X.509 v3 certificates signed with Ed25519: the coordinator's CA, the
/// coordinator's TLS certificate, and participants' self-signed client certificates.
struct CertificateBuilder {
    /// What the certificate is for; decides its extensions.
    enum Role {
        /// A self-signed certificate authority.
        case authority
        /// A TLS server certificate valid for these DNS names and IP addresses.
        case server(hosts: [String])
        /// A participant's self-signed TLS client certificate.
        case client
    }

    var commonName: String
    var role: Role
    /// Validity in seconds from one minute before now.
    var lifetime: Int

    /// Signs a certificate for `subjectKey` with `issuerKey`; `issuer` is nil
    /// for a self-signed certificate.
    func build(subjectKey: EVPKey, issuer: X509Handle?, issuerKey: EVPKey) throws(TransportError) -> X509Handle {
        OpenSSLErrorQueue.clear()
        guard let certificate = X509_new() else { throw OpenSSLErrorQueue.error("X509_new") }
        let handle = X509Handle(taking: certificate)
        guard X509_set_version(certificate, 2) == 1,
              setRandomSerial(certificate),
              X509_gmtime_adj(X509_getm_notBefore(certificate), -60) != nil,
              X509_gmtime_adj(X509_getm_notAfter(certificate), lifetime) != nil,
              X509_set_pubkey(certificate, subjectKey.pointer) == 1,
              let name = X509_get_subject_name(certificate),
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1,
              X509_set_issuer_name(certificate, issuer.map { X509_get_subject_name($0.pointer) } ?? name) == 1
        else { throw OpenSSLErrorQueue.error("building certificate \(commonName)") }

        var context = X509V3_CTX()
        chorus_X509V3_set_ctx_nodb(&context)
        X509V3_set_ctx(&context, issuer?.pointer ?? certificate, certificate, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw OpenSSLErrorQueue.error("certificate extension \(value)")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(certificate, ext, -1) == 1 else { throw OpenSSLErrorQueue.error("X509_add_ext") }
        }
        // Ed25519 signs the whole message itself: no separate digest.
        guard X509_sign(certificate, issuerKey.pointer, nil) > 0 else {
            throw OpenSSLErrorQueue.error("X509_sign")
        }
        return handle
    }

    private var extensions: [(Int32, String)] {
        switch role {
        case .authority:
            [(NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
             (NID_key_usage, "critical,keyCertSign,cRLSign"),
             (NID_subject_key_identifier, "hash")]
        case .server(let hosts):
            [(NID_basic_constraints, "critical,CA:FALSE"),
             (NID_key_usage, "critical,digitalSignature"),
             (NID_ext_key_usage, "serverAuth"),
             (NID_subject_key_identifier, "hash"),
             (NID_authority_key_identifier, "keyid:always"),
             (NID_subject_alt_name, hosts.map(Self.subjectAltName).joined(separator: ","))]
        case .client:
            [(NID_basic_constraints, "critical,CA:FALSE"),
             (NID_key_usage, "critical,digitalSignature"),
             (NID_ext_key_usage, "clientAuth")]
        }
    }

    /// `IP:` for IPv4/IPv6 literals, `DNS:` for names.
    private static func subjectAltName(_ host: String) -> String {
        (HostName.isIPAddress(host) ? "IP:" : "DNS:") + host
    }

    /// A random positive 127-bit serial number from OpenSSL's CSPRNG.
    private func setRandomSerial(_ certificate: OpaquePointer) -> Bool {
        guard let serial = BN_new() else { return false }
        defer { BN_free(serial) }
        guard BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 else { return false }
        return BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate)) != nil
    }
}
