internal import CSodium

/// Secret randomness for the noise and the rounding: libsodium's CSPRNG
/// (`randombytes_buf`), read 4 KiB at a time. The buffer is zeroed when
/// refilled past and when released, so no drawn noise outlives the generator.
public struct SecureRandomGenerator: RandomNumberGenerator {
    private final class Buffer {
        static let size = 4096
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: Buffer.size, alignment: 8)
        var offset = Buffer.size

        func next() -> UInt64 {
            if offset == Buffer.size {
                randombytes_buf(bytes, Buffer.size)
                offset = 0
            }
            let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            sodium_memzero(bytes + offset, 8)
            offset += 8
            return value
        }

        deinit {
            sodium_memzero(bytes, Buffer.size)
            bytes.deallocate()
        }
    }

    private let buffer = Buffer()

    /// - Throws: `.sodiumUnavailable` if libsodium cannot initialise.
    public init() throws(DifferentialPrivacyError) {
        try Sodium.initialize()
    }

    public mutating func next() -> UInt64 {
        buffer.next()
    }
}

/// libsodium's one-time initialisation.
enum Sodium {
    /// `sodium_init()` is idempotent and thread-safe: 0 on first success,
    /// 1 when already initialised, -1 on failure.
    static func initialize() throws(DifferentialPrivacyError) {
        guard sodium_init() >= 0 else { throw .sodiumUnavailable }
    }

    /// `count` bytes of ChaCha20 keystream determined by a 32-byte seed
    /// (`randombytes_buf_deterministic`): the round's public rotation signs.
    static func deterministicBytes(count: Int, seed: [UInt8]) throws(DifferentialPrivacyError) -> [UInt8] {
        try initialize()
        precondition(seed.count == Int(randombytes_SEEDBYTES), "seed must be \(randombytes_SEEDBYTES) bytes")
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            seed.withUnsafeBufferPointer { seedBuffer in
                if let base = buffer.baseAddress, let seedBase = seedBuffer.baseAddress {
                    randombytes_buf_deterministic(base, count, seedBase)
                }
            }
        }
        return bytes
    }
}
