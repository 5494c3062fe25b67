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

    /// A copy of the bytes in `range` of `secret`, made without any intermediate
    /// array (decrypted shares go straight into wiped storage).
    package convenience init(_ secret: SecretBytes, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= secret.count, "secret byte range out of bounds")
        self.init(count: range.count) { buffer in
            buffer.copyMemory(from: UnsafeRawBufferPointer(UnsafeMutableRawBufferPointer(rebasing: secret.storage[range])))
        }
    }

    /// The concatenation of `parts`, copied from their storage straight into wiped storage.
    package convenience init(concatenating parts: [SecretBytes]) {
        self.init(count: parts.reduce(0) { $0 + $1.count }) { buffer in
            var offset = 0
            for part in parts {
                UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + part.count]).copyMemory(from: UnsafeRawBufferPointer(part.storage))
                offset += part.count
            }
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

    /// The secret byte at `index` (0 ≤ index < count).
    package subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "secret byte index out of range")
        return storage[index]
    }

    /// The little-endian `T` stored at byte `offset` (its bytes within the secret).
    package func loadLittleEndian<T: FixedWidthInteger & BitwiseCopyable>(at offset: Int, as _: T.Type = T.self) -> T {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= count, "secret byte range out of bounds")
        return T(littleEndian: storage.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Appends the secret's bytes to `bytes` (a message about to be sealed or sent).
    package func append(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(storage))
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
