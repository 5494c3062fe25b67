import Foundation

/// xoshiro256** (Blackman and Vigna 2018): the seeded generator behind every
/// deterministic choice Chorus makes (He initialisation, dropout masks, batch
/// shuffles, splits, partitions, the synthetic corpus). The same seed gives the
/// same sequence on every machine. Not for secrets: those come from libsodium
/// or OpenSSL.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole state is derived from `seed` (any value, zero included).
    public init(seed: UInt64) {
        // Expand the seed with a Weyl sequence through the MurmurHash3 finaliser,
        // so nearby seeds give unrelated, never all-zero states.
        var x = seed
        func expand() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
            z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
            return z ^ (z >> 33)
        }
        s0 = expand(); s1 = expand(); s2 = expand(); s3 = expand()
    }

    /// A generator for one labelled stream of `seed` (e.g. one clip of one
    /// genre): seed and labels are mixed, so neighbouring labels give
    /// unrelated sequences.
    public init(seed: UInt64, stream: UInt64...) {
        var mixer = SeededGenerator(seed: seed)
        for label in stream {
            mixer = SeededGenerator(seed: mixer.next() ^ (label &* 0xD1B5_4A32_D192_ED03))
        }
        self = mixer
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform float in [0, 1) with 24 random bits.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform float in [-1, 1), for noise.
    public mutating func signedUnitFloat() -> Float {
        Float(Int64(bitPattern: next()) >> 40) * 0x1p-23
    }

    /// A standard normal sample (Box–Muller in double precision).
    public mutating func nextGaussian() -> Double {
        let u1 = (Double(next() >> 11) + 1) * 0x1p-53  // (0, 1]: log is finite
        let u2 = Double(next() >> 11) * 0x1p-53
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A generator for a sub-task (e.g. epoch `k`'s shuffle) that does not disturb this one's stream.
    public func derived(_ stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: s0 ^ (stream &* 0xD605_BBB5_8C8A_BBCF))
    }
}
