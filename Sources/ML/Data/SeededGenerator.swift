/// The seeded random generator of ML's deterministic choices (splits,
/// partitions, the synthetic corpus): SplitMix64 (Steele, Lea and Flood 2014),
/// small, fast and equal on every machine for a seed. Not for secrets: those
/// come from libsodium or OpenSSL.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one labelled stream of `seed` (e.g. one clip of one
    /// genre): the seed and the labels are mixed, so neighbouring labels give
    /// unrelated sequences.
    public init(seed: UInt64, stream: UInt64...) {
        var mixer = SeededGenerator(seed: seed)
        for label in stream {
            mixer.state ^= label &* 0xD1B5_4A32_D192_ED03
            _ = mixer.next()
        }
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform float in [-1, 1), for noise.
    mutating func signedUnitFloat() -> Float {
        Float(Int64(bitPattern: next()) >> 40) * 0x1p-23
    }
}
