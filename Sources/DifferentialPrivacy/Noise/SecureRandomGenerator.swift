import ChorusSupport

/// Secret randomness for the noise and the rounding: libsodium's CSPRNG
/// (through ChorusSupport's one crypto layer), read 4 KiB at a time. The buffer
/// is zeroed when refilled past and when released, so no drawn noise outlives the generator.
public struct SecureRandomGenerator: RandomNumberGenerator {
    private final class Buffer {
        static let size = 4096
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: Buffer.size, alignment: 8)
        var offset = Buffer.size

        func next() -> UInt64 {
            if offset == Buffer.size {
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

    private let buffer = Buffer()

    /// - Throws: `.sodiumUnavailable` if libsodium cannot initialise.
    public init() throws(DifferentialPrivacyError) {
        guard Sodium.isReady else { throw .sodiumUnavailable }
    }

    public mutating func next() -> UInt64 {
        buffer.next()
    }
}
