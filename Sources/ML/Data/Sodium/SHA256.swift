internal import CSodium

/// Incremental SHA-256 through libsodium, for the checksums of the files ML
/// writes (feature caches). Not a secret: a guard against corruption.
package struct SHA256 {
    /// Digest length in bytes.
    package static let byteCount = 32
    private var state = crypto_hash_sha256_state()

    package init() {
        // Returns 0 on first initialization, 1 if already done; -1 cannot happen after a successful start.
        _ = sodium_init()
        crypto_hash_sha256_init(&state)
    }

    /// Feeds `bytes` into the hash.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        crypto_hash_sha256_update(&state, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// The digest of everything fed so far.
    package mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Self.byteCount)
        digest.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            _ = crypto_hash_sha256_final(&state, base)
        }
        return digest
    }

    /// Whether two digests are equal, compared in constant time.
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count, let left = a.baseAddress, let right = b.baseAddress else { return false }
        return sodium_memcmp(left, right, a.count) == 0
    }
}
