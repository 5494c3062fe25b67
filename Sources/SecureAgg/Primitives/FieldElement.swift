import ChorusSupport

/// An element of the prime field GF(p), p = 2^61 − 1 (a Mersenne prime), where
/// Shamir sharing happens. Reduction needs no division: 2^61 ≡ 1 (mod p).
package struct FieldElement: Hashable, Sendable {
    package static let modulus: UInt64 = (1 << 61) - 1

    /// The canonical representative, in 0..<modulus.
    package let value: UInt64

    /// The element `value`, which must already be below the modulus.
    package init?(exactly value: UInt64) {
        guard value < Self.modulus else { return nil }
        self.value = value
    }

    private init(reduced value: UInt64) {
        self.value = value
    }

    package static let zero = FieldElement(reduced: 0)
    package static let one = FieldElement(reduced: 1)

    /// A uniformly random element from libsodium's CSPRNG (rejection sampling).
    static func random() -> FieldElement {
        while true {
            let candidate = Sodium.randomWord() & modulus
            if candidate < modulus { return FieldElement(reduced: candidate) }
        }
    }

    /// The point of a participant: its id plus one, so no participant sits at zero.
    package init(participant: ParticipantID) {
        value = UInt64(participant.rawValue) + 1
    }

    package static func + (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
        let sum = lhs.value + rhs.value  // < 2^62: no overflow
        return FieldElement(reduced: sum >= modulus ? sum - modulus : sum)
    }

    package static func - (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
        FieldElement(reduced: lhs.value >= rhs.value ? lhs.value - rhs.value : lhs.value + modulus - rhs.value)
    }

    package static func * (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
        let (high, low) = lhs.value.multipliedFullWidth(by: rhs.value)
        // product = high·2^64 + low < 2^122; fold the bits above 61 back onto the low 61.
        let folded = (low & modulus) + ((low >> 61) | (high << 3))
        return FieldElement(reduced: folded >= modulus ? folded - modulus : folded)
    }

    /// The multiplicative inverse (Fermat: a^(p−2)); the caller guarantees self ≠ 0.
    package var inverse: FieldElement {
        precondition(value != 0, "zero has no inverse")
        var result = FieldElement.one
        var base = self
        var exponent = Self.modulus - 2
        while exponent > 0 {
            if exponent & 1 == 1 { result = result * base }
            base = base * base
            exponent >>= 1
        }
        return result
    }
}
