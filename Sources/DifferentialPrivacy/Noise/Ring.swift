/// The integers modulo 2^bits, bits <= 32, stored in UInt32. Secure
/// aggregation sums modulo 2^32; since 2^bits divides 2^32 a sum of ring
/// elements reduced modulo 2^bits is the sum in this ring.
struct Ring: Sendable {
    let bits: Int

    private var modulus: Int64 { 1 << Int64(bits) }
    private var half: Int64 { 1 << Int64(bits - 1) }

    /// True when `value` is in the signed range [-2^(bits-1), 2^(bits-1)) and
    /// so survives reduction and centring unchanged.
    func holds(_ value: Int64) -> Bool {
        value >= -half && value < half
    }

    /// `value` modulo 2^bits (modular clipping).
    func reduce(_ value: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: value & (modulus - 1))
    }

    /// The representative of `element` modulo 2^bits in [-2^(bits-1), 2^(bits-1)).
    func centered(_ element: UInt32) -> Int64 {
        let value = Int64(element) & (modulus - 1)
        return value >= half ? value - modulus : value
    }
}
