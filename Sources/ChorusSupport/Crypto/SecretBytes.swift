/// Secret key material (seeds, shared secrets, derived keys, Shamir shares) in one
/// heap buffer that is wiped with `sodium_memzero` when the last reference goes.
///
/// Immutable once made: the initialiser's closure is the only writer. Secrets are
/// never printed, logged or `Codable`; compare them with `constantTimeEquals(_:)`.
package final class SecretBytes: @unchecked Sendable {
    // Sendable: `storage` is written only inside `init` and read-only afterwards; the
    // buffer is freed only in `deinit`, when no other reference exists.
    private let storage: UnsafeMutableRawBufferPointer

    /// The number of secret bytes.
    package var count: Int { storage.count }

    /// Allocates `count` zeroed bytes and lets `fill` write them once.
    package init<E: Error>(count: Int, fill: (UnsafeMutableRawBufferPointer) throws(E) -> Void) throws(E) {
        precondition(count > 0, "SecretBytes must hold at least one byte")
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            try fill(storage)
        } catch {
            Sodium.wipe(storage)
            storage.deallocate()
            throw error
        }
    }

    /// Copies `bytes` (for example a seed read from a key file) into wiped-on-release storage.
    package convenience init(copying bytes: [UInt8]) {
        self.init(count: bytes.count) { buffer in
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
    }

    /// A copy of `bytes`, a part of another secret's buffer, made without any
    /// intermediate array (decrypted shares go straight into wiped storage).
    package convenience init(slice bytes: Slice<UnsafeRawBufferPointer>) {
        self.init(count: bytes.count) { buffer in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes))
        }
    }

    /// `count` bytes from libsodium's CSPRNG.
    package static func random(count: Int) -> SecretBytes {
        SecretBytes(count: count) { Sodium.fillRandom($0) }
    }

    /// Reads the secret; the pointer is valid only inside `body`.
    package func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// Equality in time independent of the contents.
    package func constantTimeEquals(_ other: SecretBytes) -> Bool {
        withUnsafeBytes { mine in other.withUnsafeBytes { Sodium.constantTimeEqual(mine, $0) } }
    }

    deinit {
        Sodium.wipe(storage)
        storage.deallocate()
    }
}
