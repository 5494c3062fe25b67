import ChorusSupport
internal import COpenSSL
import NIOCore

/// One TLS 1.3 connection as a pure byte transformer: OpenSSL runs over two
/// memory BIOs, so the engine never touches a socket. Ciphertext from the
/// peer goes in with `feed(_:)`, ciphertext for the peer comes out of
/// `drain()`, plaintext goes through `write(plaintext:)` and `read(into:)`.
/// Tests pump two engines into each other; the NIO handler pumps a socket.
///
/// Noncopyable: it uniquely owns its `SSL`, which `deinit` frees.
package struct TLSEngine: ~Copyable {
    /// Where the handshake stands.
    package enum HandshakeProgress: Equatable {
        /// More bytes from the peer are needed.
        case inProgress
        /// Our side finished. A client must still wait for `peerConfirmed`.
        case complete
    }

    private let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer
    private let record = TLSPeerRecord()
    private let context: TLSContext
    /// Names the peer in errors (its address).
    package let peer: String

    /// - Parameters:
    ///   - serverName: client side: the host name or IP the server's
    ///     certificate must carry; ignored by a server.
    ///   - peer: names the peer in errors.
    package init(context: TLSContext, serverName: String?, peer: String) throws(TransportError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.pointer) else { throw OpenSSLErrorQueue.error("SSL_new") }
        guard let readBIO = BIO_new(BIO_s_mem()), let writeBIO = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw OpenSSLErrorQueue.error("BIO_new(mem)")
        }
        // An empty memory BIO means "retry later", not end of stream.
        chorus_BIO_set_mem_eof_return(readBIO, -1)
        chorus_BIO_set_mem_eof_return(writeBIO, -1)
        SSL_set_bio(ssl, readBIO, writeBIO)  // the SSL now owns both BIOs
        if context.isServer {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let serverName, !Self.expectServer(named: serverName, ssl: ssl) {
                SSL_free(ssl)
                throw OpenSSLErrorQueue.error("expecting server name \(serverName)")
            }
        }
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        self.context = context
        self.peer = peer
        _ = chorus_SSL_set_app_data(ssl, Unmanaged.passUnretained(record).toOpaque())
    }

    deinit {
        SSL_free(ssl)
    }

    /// Makes the client check that the server's certificate names `host`
    /// (an `IP:` entry for an address literal, else a `DNS:` entry plus SNI).
    private static func expectServer(named host: String, ssl: OpaquePointer) -> Bool {
        if HostName.isIPAddress(host) {
            return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1
        }
        return SSL_set1_host(ssl, host) == 1 && chorus_SSL_set_tlsext_host_name(ssl, host) == 1
    }

    /// The peer's Ed25519 public key from its certificate, once the handshake is complete.
    package var peerKey: Ed25519PublicKey? {
        if let key = record.peerKey { return key }
        guard let certificate = SSL_get0_peer_certificate(ssl), let key = X509_get0_pubkey(certificate) else {
            return nil
        }
        var raw = [UInt8](repeating: 0, count: Ed25519PublicKey.byteCount)
        var length = raw.count
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == raw.count else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        return try? Ed25519PublicKey(rawRepresentation: raw)
    }

    /// Client side: the server has sent a session ticket, so it verified our
    /// certificate (in TLS 1.3 the client finishes before the server decides).
    package var peerConfirmed: Bool { record.serverSentTicket }

    /// True when the negotiated protocol is TLS 1.3.
    package var isTLS13: Bool { SSL_version(ssl) == chorus_TLS1_3_VERSION() }

    /// Hands ciphertext received from the peer to OpenSSL.
    package mutating func feed(_ ciphertext: ByteBuffer) {
        ciphertext.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let chunk = Int32(clamping: bytes.count - offset)
                let written = BIO_write(readBIO, bytes.baseAddress.map { $0 + offset }, chunk)
                guard written > 0 else { return }  // a memory BIO only fails when out of memory
                offset += Int(written)
            }
        }
    }

    /// Ciphertext OpenSSL produced for the peer, or nil when there is none.
    package mutating func drain() -> ByteBuffer? {
        let pending = chorus_BIO_ctrl_pending(writeBIO)
        guard pending > 0 else { return nil }
        var buffer = ByteBufferAllocator().buffer(capacity: pending)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { space in
            Int(max(0, BIO_read(writeBIO, space.baseAddress, Int32(clamping: space.count))))
        }
        return buffer
    }

    /// Advances the handshake with what was fed so far; `drain()` afterwards.
    /// - Throws: `TransportError.notEnrolled` / `.badPeerCertificate` when the
    ///   server refused the client's key, `.handshakeFailed` otherwise (names
    ///   the untrusted certificate or the alert received).
    package mutating func handshake() throws(TransportError) -> HandshakeProgress {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .inProgress
        default:
            throw handshakeError()
        }
    }

    private func handshakeError() -> TransportError {
        switch record.rejection {
        case .notEnrolled(let key):
            OpenSSLErrorQueue.clear()
            return .notEnrolled(peer: peer, key: key)
        case .badCertificate(let reason):
            OpenSSLErrorQueue.clear()
            return .badPeerCertificate(peer: peer, reason: reason)
        case nil:
            let verify = SSL_get_verify_result(ssl)
            if !context.isServer, verify != X509_V_OK {
                OpenSSLErrorQueue.clear()
                let reason = String(cString: X509_verify_cert_error_string(verify))
                return .handshakeFailed(peer: peer, reason: "server certificate not trusted: \(reason)")
            }
            // Chorus servers speak only TLS 1.3 with the same settings as their clients, so the one
            // handshake-failure alert a client gets is the server's verdict on its certificate.
            if !context.isServer, chorus_ERR_GET_REASON(ERR_peek_error()) == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE {
                OpenSSLErrorQueue.clear()
                return .keyRefused(peer: peer)
            }
            return .handshakeFailed(peer: peer, reason: OpenSSLErrorQueue.drain())
        }
    }

    /// Decrypts everything available into `plaintext`.
    /// - Returns: false when the peer closed the TLS session (close_notify).
    /// - Throws: `TransportError.handshakeFailed` for an alert or corrupt record.
    package mutating func read(into plaintext: inout ByteBuffer) throws(TransportError) -> Bool {
        while true {
            OpenSSLErrorQueue.clear()
            var status: Int32 = 0
            plaintext.writeWithUnsafeMutableBytes(minimumWritableBytes: 16_384) { space in
                status = SSL_read(ssl, space.baseAddress, Int32(clamping: space.count))
                return Int(max(status, 0))
            }
            if status > 0 { continue }
            switch SSL_get_error(ssl, status) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return true
            case SSL_ERROR_ZERO_RETURN:
                return false
            default:
                throw handshakeError()
            }
        }
    }

    /// Encrypts `plaintext` (all of it: a memory BIO never pushes back); `drain()` afterwards.
    package mutating func write(plaintext: ByteBuffer) throws(TransportError) {
        let failure: TransportError? = plaintext.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                OpenSSLErrorQueue.clear()
                let written = SSL_write(ssl, bytes.baseAddress.map { $0 + offset }, Int32(clamping: bytes.count - offset))
                guard written > 0 else { return OpenSSLErrorQueue.error("SSL_write") }
                offset += Int(written)
            }
            return nil
        }
        if let failure { throw failure }
    }

    /// Queues a close_notify for the peer (after a complete handshake); `drain()` afterwards.
    package mutating func shutdown() {
        guard SSL_is_init_finished(ssl) == 1 else { return }
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }
}
