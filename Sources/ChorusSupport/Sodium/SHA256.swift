internal import CSodium

/// SHA-256 through libsodium's `crypto_hash_sha256`: checksums of model and
/// feature files, model hashes and the privacy report's hash chain.
public enum SHA256 {
    /// Digest length in bytes.
    public static let byteCount = 32

    /// The SHA-256 digest of `bytes`.
    public static func hash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        precondition(Int(crypto_hash_sha256_BYTES) == byteCount, "libsodium's SHA-256 size changed")
        var digest = [UInt8](repeating: 0, count: byteCount)
        let status = bytes.withContiguousStorageIfAvailable { input in
            crypto_hash_sha256(&digest, input.baseAddress, UInt64(input.count))
        } ?? Array(bytes).withUnsafeBufferPointer { input in
            crypto_hash_sha256(&digest, input.baseAddress, UInt64(input.count))
        }
        precondition(status == 0, "crypto_hash_sha256 cannot fail")
        return digest
    }
}
