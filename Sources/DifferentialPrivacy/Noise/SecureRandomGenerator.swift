import ChorusSupport

/// Secret randomness for the noise and the rounding: libsodium's ChaCha20 keystream
/// under a fresh key from its CSPRNG for every 64 KiB (through ChorusSupport's one
/// crypto layer), read through `RandomWordBuffer`, which zeroes each word as it is
/// drawn and the rest when released.
public struct SecureRandomGenerator: RandomNumberGenerator {
    private let buffer = RandomWordBuffer()

    /// - Throws: `.sodiumUnavailable` if libsodium cannot initialise.
    public init() throws(DifferentialPrivacyError) {
        guard Sodium.isReady else { throw .sodiumUnavailable }
    }

    public mutating func next() -> UInt64 {
        buffer.next()
    }
}
