import ChorusSupport

/// Shamir t-of-n secret sharing of 32-byte secrets over GF(2^61 − 1).
///
/// A secret is cut into five limbs (four of 7 bytes, one of 4 bytes), each below
/// 2^56 < p, and each limb is shared with its own random polynomial of degree t − 1
/// evaluated at the holders' points (id + 1). A share is five field elements, 40
/// bytes, little-endian. Any t shares rebuild the secret; t − 1 shares are
/// consistent with every secret, so they reveal nothing about it.
package enum ShamirSharing {
    /// Bytes of the secret in each limb.
    static let limbWidths = [7, 7, 7, 7, 4]
    /// Bytes of one share: five 8-byte field elements.
    package static let shareByteCount = 40
    /// Bytes of a shared secret.
    package static let secretByteCount = 32

    /// Splits `secret` into one share per holder; any `threshold` of them rebuild it.
    /// - Precondition: 1 ≤ threshold ≤ holders.count, holders distinct, secret 32 bytes.
    package static func split(_ secret: SecretBytes, threshold: Int,
                              holders: [ParticipantID]) -> [ParticipantID: SecretBytes] {
        precondition(secret.count == secretByteCount && threshold >= 1 && threshold <= holders.count)
        var coefficients = [FieldElement](repeating: .zero, count: limbWidths.count * threshold)
        defer { Sodium.wipe(&coefficients) }
        var offset = 0
        for (limb, width) in limbWidths.enumerated() {
            var value: UInt64 = 0
            for index in 0..<width { value |= UInt64(secret[offset + index]) << (8 * index) }
            offset += width
            coefficients[limb * threshold] = FieldElement(exactly: value) ?? .zero  // < 2^56 < p always
            for degree in 1..<threshold { coefficients[limb * threshold + degree] = .random() }
        }
        var shares: [ParticipantID: SecretBytes] = [:]
        for holder in holders {
            let point = FieldElement(participant: holder)
            shares[holder] = SecretBytes(count: shareByteCount) { out in
                for limb in 0..<limbWidths.count {
                    var value = FieldElement.zero
                    for degree in stride(from: threshold - 1, through: 0, by: -1) {
                        value = value * point + coefficients[limb * threshold + degree]
                    }
                    out.storeBytes(of: value.value.littleEndian, toByteOffset: limb * 8, as: UInt64.self)
                }
            }
        }
        return shares
    }

    /// Rebuilds a secret from `shares` (each holder's 40-byte share) with the
    /// Lagrange `coefficients` of those holders at zero.
    /// - Returns: nil when a share is malformed or the result is not a valid limb
    ///   sequence (the shares were inconsistent).
    package static func reconstruct(_ shares: [SecretBytes], coefficients: [FieldElement]) -> SecretBytes? {
        precondition(shares.count == coefficients.count && !shares.isEmpty)
        var limbs = [FieldElement](repeating: .zero, count: limbWidths.count)
        defer { Sodium.wipe(&limbs) }
        for (share, coefficient) in zip(shares, coefficients) {
            guard share.count == shareByteCount else { return nil }
            for limb in 0..<limbWidths.count {
                guard let element = FieldElement(exactly: share.loadLittleEndian(at: limb * 8, as: UInt64.self)) else { return nil }
                limbs[limb] = limbs[limb] + coefficient * element
            }
        }
        for (limb, width) in limbWidths.enumerated() where limbs[limb].value >> (8 * width) != 0 {
            return nil
        }
        return SecretBytes(count: secretByteCount) { out in
            var offset = 0
            for (limb, width) in limbWidths.enumerated() {
                for index in 0..<width { out[offset + index] = UInt8(truncatingIfNeeded: limbs[limb].value >> (8 * index)) }
                offset += width
            }
        }
    }

    /// The Lagrange coefficients at zero of the points of `holders` (distinct):
    /// λ_i = Π_{j≠i} x_j / (x_j − x_i).
    /// - Complexity: O(holders.count²) multiplications and holders.count inversions.
    package static func lagrangeCoefficientsAtZero(holders: [ParticipantID]) -> [FieldElement] {
        let points = holders.map(FieldElement.init(participant:))
        return lagrangeCoefficients(points: points, at: .zero)
    }

    /// The Lagrange basis values at `target` for distinct `points`: the weights that
    /// evaluate at `target` the unique polynomial of degree < points.count through them.
    package static func lagrangeCoefficients(points: [FieldElement], at target: FieldElement) -> [FieldElement] {
        points.indices.map { i in
            var numerator = FieldElement.one
            var denominator = FieldElement.one
            for j in points.indices where j != i {
                numerator = numerator * (target - points[j])
                denominator = denominator * (points[i] - points[j])
            }
            return numerator * denominator.inverse
        }
    }
}
