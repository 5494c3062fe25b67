internal import COpenSSL

/// Wipes secret scratch bytes in a way the optimizer cannot remove.
enum Zeroize {
    /// Overwrites all of `buffer` with zeros (`OPENSSL_cleanse`).
    static func bytes(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        OPENSSL_cleanse(base, buffer.count)
    }
}
