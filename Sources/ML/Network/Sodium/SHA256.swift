internal import CSodium

/// SHA-256 through libsodium's `crypto_hash_sha256`, the checksum of model files.
enum SHA256 {
    /// Digest length in bytes.
    static let byteCount = 32

    /// The 32-byte digest of `bytes`.
    static func hash(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        precondition(Int(crypto_hash_sha256_BYTES) == byteCount, "libsodium's SHA-256 size changed")
        let status = digest.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                guard let digestStart = out.baseAddress else { return Int32(-1) }
                return crypto_hash_sha256(digestStart, input.baseAddress, UInt64(input.count))
            }
        }
        precondition(status == 0, "crypto_hash_sha256 cannot fail")
        return digest
    }
}
