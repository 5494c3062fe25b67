import ChorusSupport

/// The unsafe kernel of `SecureRandomGenerator`: 64 KiB of libsodium's ChaCha20
/// keystream under a fresh CSPRNG key per refill (`Sodium.fillRandomStream`: one
/// 32-byte getrandom per refill, not one system call per 256 bytes), handed out 8 bytes
/// at a time. Each word is zeroed as it is handed out and the whole buffer when
/// released, so no drawn noise outlives the generator.
final class RandomWordBuffer {
    static let size = 65536
    private let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: RandomWordBuffer.size, alignment: 8)
    private var offset = RandomWordBuffer.size

    /// The next 64 random bits, refilling the buffer when it is used up.
    func next() -> UInt64 {
        if offset == Self.size {
            Sodium.fillRandomStream(bytes)
            offset = 0
        }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        Sodium.wipe(UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<offset + 8]))
        offset += 8
        return value
    }

    deinit {
        Sodium.wipe(bytes)
        bytes.deallocate()
    }
}
