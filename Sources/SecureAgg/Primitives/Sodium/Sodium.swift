internal import CSodium

/// libsodium's one piece of global state, its initialisation, and the helpers every
/// wrapper shares: secret randomness, wiping and constant-time comparison.
enum Sodium {
    /// `sodium_init()` runs once, on first use (0: initialised now, 1: already, -1: failed).
    static let isReady: Bool = sodium_init() >= 0

    /// Throws unless libsodium initialised; every wrapper calls it before its first C call.
    static func ensureReady() throws(SecureAggError) {
        guard isReady else { throw .libraryFailure(function: "sodium_init") }
    }

    /// Fills `buffer` from libsodium's CSPRNG (getrandom on Linux).
    static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    /// A uniformly random 64-bit word from libsodium's CSPRNG.
    static func randomWord() -> UInt64 {
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { fillRandom($0) }
        return word
    }

    /// Overwrites `buffer` with zeros in a way the compiler may not elide.
    static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        sodium_memzero(base, buffer.count)
    }

    /// Compares two buffers in time that depends only on their length.
    static func constantTimeEqual(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        return sodium_memcmp(left, right, lhs.count) == 0
    }
}

extension UnsafeRawBufferPointer {
    /// The buffer's bytes as the `const unsigned char *` libsodium declares nonnull.
    /// Every buffer we pass is non-empty (keys, nonces, labelled messages): an invariant.
    var cBytes: UnsafePointer<UInt8> {
        guard let base = baseAddress, count > 0 else { preconditionFailure("libsodium input buffer is empty") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}

extension UnsafeMutableRawBufferPointer {
    /// The buffer's bytes as the `unsigned char *` libsodium declares nonnull.
    var cBytes: UnsafeMutablePointer<UInt8> {
        guard let base = baseAddress, count > 0 else { preconditionFailure("libsodium output buffer is empty") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}
