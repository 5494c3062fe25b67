internal import CSodium

/// SHA-256 through libsodium: checksums of model and feature files, model
/// hashes and the privacy report's hash chain. A guard against corruption and
/// tampering, not a secret.
public struct SHA256 {
    /// Digest length in bytes.
    public static let byteCount = 32
    private var state = crypto_hash_sha256_state()

    /// An empty incremental hash.
    public init() {
        precondition(Sodium.isReady, "libsodium is not initialised")
        crypto_hash_sha256_init(&state)
    }

    /// Feeds `bytes` into the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        crypto_hash_sha256_update(&state, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// Feeds `bytes` (a whole array or a part of one) into the hash.
    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far.
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Self.byteCount)
        _ = crypto_hash_sha256_final(&state, &digest)
        return digest
    }

    /// The SHA-256 digest of `bytes`.
    public static func hash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var hasher = SHA256()
        if bytes.withContiguousStorageIfAvailable({ hasher.update(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalize()
    }

    /// Whether two digests are equal, compared in constant time.
    public static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        !a.isEmpty && Sodium.constantTimeEqual(a, b)
    }

    /// Whether two digests (arrays or parts of arrays) are equal, compared in constant time.
    public static func equal(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        a.withUnsafeBytes { left in b.withUnsafeBytes { equal(left, $0) } }
    }
}
