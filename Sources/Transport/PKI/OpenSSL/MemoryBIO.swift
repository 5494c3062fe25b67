internal import COpenSSL

/// Moves PEM and DER text between Swift arrays and OpenSSL through memory BIOs.
enum MemoryBIO {
    /// Runs `body` with a writable memory BIO and returns what it wrote.
    /// `secret` uses OpenSSL's secure-memory BIO, which zeroes its buffer on free.
    static func collect(
        _ operation: String, secret: Bool = false, _ body: (OpaquePointer) -> Int32
    ) throws(TransportError) -> [UInt8] {
        OpenSSLErrorQueue.clear()
        guard let bio = BIO_new(secret ? BIO_s_secmem() : BIO_s_mem()) else {
            throw OpenSSLErrorQueue.error("BIO_new")
        }
        defer { BIO_free(bio) }
        guard body(bio) == 1 else { throw OpenSSLErrorQueue.error(operation) }
        var data: UnsafeMutablePointer<CChar>?
        let length = chorus_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Runs `body` with a read-only memory BIO over `bytes`; nil from `body`
    /// becomes an error naming `operation` and OpenSSL's reason.
    static func parse<T>(
        _ bytes: [UInt8], _ operation: String, _ body: (OpaquePointer) -> T?
    ) throws(TransportError) -> T {
        OpenSSLErrorQueue.clear()
        guard let count = Int32(exactly: bytes.count) else {
            throw .openSSL(operation: operation, reason: "input of \(bytes.count) bytes is too large")
        }
        let result: T? = bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, count) else { return nil }
            defer { BIO_free(bio) }
            return body(bio)
        }
        guard let result else { throw OpenSSLErrorQueue.error(operation) }
        return result
    }
}
