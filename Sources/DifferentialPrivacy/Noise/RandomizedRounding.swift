/// Unbiased randomized rounding: x becomes floor(x) + 1 with probability
/// x - floor(x), else floor(x), so E[round(x)] = x (to 2^-53) and the error is below 1.
enum RandomizedRounding {
    static func round(_ x: Double, using generator: inout some RandomNumberGenerator) -> Int64 {
        let floor = x.rounded(.down)
        let fraction = x - floor
        // A uniform double in [0, 1) from 53 random bits.
        let uniform = Double(generator.next() >> 11) * 0x1p-53
        return Int64(floor) + (uniform < fraction ? 1 : 0)
    }
}
