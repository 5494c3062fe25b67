internal import CSodium

/// libsodium's one piece of global state, its initialisation, and what every
/// module's wrappers share: secret randomness, wiping and constant-time comparison.
///
/// The one crypto layer of Chorus: SecureAgg (key agreement, AEAD, PRG keys),
/// DifferentialPrivacy (noise), Transport (key files) and the signing keys all
/// draw their randomness, zeroing and Ed25519 from here.
package enum Sodium {
    /// `sodium_init()` runs once, on first use (0: initialised now, 1: already, -1: failed).
    /// Each module turns `false` into its own typed error before its first C call.
    package static let isReady: Bool = sodium_init() >= 0

    /// Fills `buffer` from libsodium's CSPRNG (getrandom on Linux).
    package static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        precondition(isReady, "libsodium is not initialised")
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    /// Fills `buffer` with libsodium's ChaCha20 keystream (`randombytes_buf_deterministic`)
    /// under a fresh 32-byte key drawn from its CSPRNG for this call alone and wiped after:
    /// one getrandom of 32 bytes per call, where `fillRandom` makes one per 256 bytes.
    /// For large secret draws (the DP noise and rounding); the key never repeats, so no
    /// two calls' output is related.
    package static func fillRandomStream(_ buffer: UnsafeMutableRawBufferPointer) {
        precondition(isReady, "libsodium is not initialised")
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let seedBytes = Int(randombytes_SEEDBYTES)
        let seed = UnsafeMutableRawBufferPointer.allocate(byteCount: seedBytes, alignment: 8)
        defer {
            wipe(seed)
            seed.deallocate()
        }
        randombytes_buf(seed.cBytes, seedBytes)
        randombytes_buf_deterministic(base, buffer.count, UnsafeRawBufferPointer(seed).cBytes)
    }

    /// Fills every element of `values` from libsodium's CSPRNG.
    package static func fillRandom<T: BitwiseCopyable>(_ values: inout [T]) {
        values.withUnsafeMutableBytes { fillRandom($0) }
    }

    /// A uniformly random 64-bit word from libsodium's CSPRNG.
    package static func randomWord() -> UInt64 {
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { fillRandom($0) }
        return word
    }

    /// `count` bytes of ChaCha20 keystream determined by a 32-byte public seed
    /// (`randombytes_buf_deterministic`): the same seed gives the same bytes everywhere.
    package static func deterministicBytes(count: Int, seed: [UInt8]) -> [UInt8] {
        precondition(isReady, "libsodium is not initialised")
        precondition(seed.count == Int(randombytes_SEEDBYTES), "seed must be \(randombytes_SEEDBYTES) bytes")
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            seed.withUnsafeBytes { seedBytes in
                guard let base = buffer.baseAddress, buffer.count > 0 else { return }
                randombytes_buf_deterministic(base, buffer.count, seedBytes.cBytes)
            }
        }
        return bytes
    }

    /// Overwrites `buffer` with zeros in a way the compiler may not elide.
    package static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        sodium_memzero(base, buffer.count)
    }

    /// Overwrites every element of `values` with zero bytes in a way the compiler may not elide.
    package static func wipe<T>(_ values: inout [T]) {
        values.withUnsafeMutableBytes { wipe($0) }
    }

    /// Compares two buffers in time that depends only on their length.
    package static func constantTimeEqual(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        return sodium_memcmp(left, right, lhs.count) == 0
    }
}

extension UnsafeRawBufferPointer {
    /// The buffer's bytes as the `const unsigned char *` libsodium and OpenSSL declare nonnull.
    /// Every buffer we pass is non-empty (keys, nonces, labelled messages): an invariant.
    package var cBytes: UnsafePointer<UInt8> {
        guard let base = baseAddress, count > 0 else { preconditionFailure("C input buffer is empty") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}

extension UnsafeMutableRawBufferPointer {
    /// The buffer's bytes as the `unsigned char *` libsodium and OpenSSL declare nonnull.
    package var cBytes: UnsafeMutablePointer<UInt8> {
        guard let base = baseAddress, count > 0 else { preconditionFailure("C output buffer is empty") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}
