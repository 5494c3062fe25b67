import COpenSSL
import Foundation
import Testing

/// OpenSSL is linked and negotiates TLS 1.3 between a client and a server over
/// a real socket pair, with a certificate made in process.
struct OpenSSLSmokeTests {
    @Test func tls13HandshakeOverSocketPairNegotiatesTLS13AndCarriesData() throws {
        let (key, certificate) = try makeSelfSignedCertificate(commonName: "chorus-smoke")
        defer { EVP_PKEY_free(key); X509_free(certificate) }

        let serverContext = try #require(SSL_CTX_new(TLS_server_method()))
        let clientContext = try #require(SSL_CTX_new(TLS_client_method()))
        defer { SSL_CTX_free(serverContext); SSL_CTX_free(clientContext) }
        for context in [serverContext, clientContext] {
            #expect(chorus_SSL_CTX_set_min_proto_version(context, chorus_TLS1_3_VERSION()) == 1)
        }
        #expect(SSL_CTX_use_certificate(serverContext, certificate) == 1)
        #expect(SSL_CTX_use_PrivateKey(serverContext, key) == 1)
        #expect(X509_STORE_add_cert(SSL_CTX_get_cert_store(clientContext), certificate) == 1)
        SSL_CTX_set_verify(clientContext, SSL_VERIFY_PEER, nil)

        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }

        let server = try #require(SSL_new(serverContext))
        let client = try #require(SSL_new(clientContext))
        defer { SSL_free(server); SSL_free(client) }
        SSL_set_fd(server, fds[0])
        SSL_set_fd(client, fds[1])
        SSL_set_accept_state(server)
        SSL_set_connect_state(client)

        // Both ends are non-blocking: step each until both report done.
        var serverDone = false, clientDone = false
        for _ in 0..<100 where !(serverDone && clientDone) {
            if !clientDone { clientDone = try step(client) }
            if !serverDone { serverDone = try step(server) }
        }
        #expect(serverDone && clientDone)
        #expect(SSL_version(client) == chorus_TLS1_3_VERSION())
        #expect(SSL_version(server) == chorus_TLS1_3_VERSION())
        #expect(SSL_get_verify_result(client) == X509_V_OK)

        let message = Array("hello over TLS 1.3".utf8)
        #expect(SSL_write(client, message, Int32(message.count)) == Int32(message.count))
        var received = [UInt8](repeating: 0, count: 64)
        let count = SSL_read(server, &received, Int32(received.count))
        #expect(count == Int32(message.count))
        #expect(Array(received.prefix(Int(max(count, 0)))) == message)
    }

    /// One handshake step; true when the handshake is complete.
    private func step(_ ssl: OpaquePointer) throws -> Bool {
        let result = SSL_do_handshake(ssl)
        if result == 1 { return true }
        let error = SSL_get_error(ssl, result)
        guard error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE else {
            throw SmokeError.handshake(code: error, reason: ERR_get_error())
        }
        return false
    }

    private func makeSelfSignedCertificate(commonName: String) throws -> (OpaquePointer, OpaquePointer) {
        let keyContext = try #require(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil))
        defer { EVP_PKEY_CTX_free(keyContext) }
        #expect(EVP_PKEY_keygen_init(keyContext) == 1)
        var key: OpaquePointer?
        #expect(EVP_PKEY_keygen(keyContext, &key) == 1)
        let pkey = try #require(key)

        let certificate = try #require(X509_new())
        #expect(X509_set_version(certificate, 2) == 1)
        #expect(ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1) == 1)
        #expect(X509_gmtime_adj(X509_getm_notBefore(certificate), -60) != nil)
        #expect(X509_gmtime_adj(X509_getm_notAfter(certificate), 3600) != nil)
        #expect(X509_set_pubkey(certificate, pkey) == 1)
        let name = try #require(X509_get_subject_name(certificate))
        #expect(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1)
        #expect(X509_set_issuer_name(certificate, name) == 1)
        #expect(X509_sign(certificate, pkey, nil) > 0)  // Ed25519 signs without a separate digest
        return (pkey, certificate)
    }

    private enum SmokeError: Error {
        case handshake(code: Int32, reason: UInt)
    }
}
