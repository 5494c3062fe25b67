import ChorusSupport

/// The unsafe kernel of `SecureRandomGenerator`: 4 KiB of libsodium CSPRNG output
/// handed out 8 bytes at a time. Each word is zeroed as it is handed out and the
/// whole buffer when released, so no drawn noise outlives the generator.
final class RandomWordBuffer {
    static let size = 4096
    private let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: RandomWordBuffer.size, alignment: 8)
    private var offset = RandomWordBuffer.size

    /// The next 64 random bits, refilling the buffer when it is used up.
    func next() -> UInt64 {
        if offset == Self.size {
            Sodium.fillRandom(bytes)
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
