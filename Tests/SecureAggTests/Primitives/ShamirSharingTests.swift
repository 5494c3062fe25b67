import ChorusSupport
import SecureAgg
import Testing
import TestSupport

/// Shamir sharing of 32-byte secrets over GF(2^61 − 1).
struct ShamirSharingTests {
    /// Field multiplication agrees with 128-bit arithmetic reduced by division, and
    /// inverses invert.
    @Test func fieldArithmeticIsCorrect() throws {
        var generator = SplitMix64(seed: 1)
        let p = FieldElement.modulus
        for _ in 0..<1000 {
            let a = UInt64.random(in: 0..<p, using: &generator)
            let b = UInt64.random(in: 1..<p, using: &generator)
            let x = try #require(FieldElement(exactly: a))
            let y = try #require(FieldElement(exactly: b))
            #expect((x * y).value == UInt64((UInt128(a) * UInt128(b)) % UInt128(p)))
            #expect((x + y).value == (a + b) % p)
            #expect((y * y.inverse).value == 1)
        }
        #expect(FieldElement(exactly: p) == nil)
    }

    /// Any t of n shares rebuild the secret, for random t, n and subsets.
    @Test(arguments: 0..<20)
    func anyThresholdSubsetRebuildsTheSecret(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let n = Int.random(in: 1...40, using: &generator)
        let t = Int.random(in: 1...n, using: &generator)
        let holders = (0..<n).map { ParticipantID(UInt32($0 * 5 + 2)) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let shares = ShamirSharing.split(SecretBytes(copying: secretBytes), threshold: t, holders: holders)
        let subset = Array(holders.shuffled(using: &generator).prefix(t))
        let rebuilt = try #require(ShamirSharing.reconstruct(subset.compactMap { shares[$0] },
                                                             coefficients: ShamirSharing.lagrangeCoefficientsAtZero(holders: subset)))
        #expect(rebuilt.constantTimeEquals(SecretBytes(copying: secretBytes)), "seed \(seed)")
    }

    /// t − 1 shares reveal nothing: for any other secret there is a polynomial of degree
    /// t − 1 through those same shares, so together with one more (consistent) share
    /// they rebuild that other secret. Every secret is equally consistent with them.
    @Test(arguments: 0..<10)
    func fewerThanThresholdSharesAreConsistentWithEverySecret(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let t = Int.random(in: 2...12, using: &generator)
        let holders = (0..<(t + 3)).map { ParticipantID(UInt32($0)) }
        let secret = SecretBytes(copying: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let other = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let shares = ShamirSharing.split(secret, threshold: t, holders: holders)
        let seen = Array(holders.prefix(t - 1))
        // Build the share of holder `extra` on the polynomial through (0, other) and the seen shares.
        let extra = holders[t]
        let otherShares = ShamirSharing.split(SecretBytes(copying: other), threshold: 1, holders: [ParticipantID(0)])
        let otherZero = try #require(otherShares[ParticipantID(0)])  // threshold 1: the share is the secret's limbs
        let points = [FieldElement.zero] + seen.map(FieldElement.init(participant:))
        let weights = ShamirSharing.lagrangeCoefficients(points: points, at: FieldElement(participant: extra))
        let sources = [otherZero] + seen.compactMap { shares[$0] }
        let forged = SecretBytes(count: ShamirSharing.shareByteCount) { out in
            for limb in 0..<5 {
                var value = FieldElement.zero
                for (weight, source) in zip(weights, sources) {
                    let raw = source.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: limb * 8, as: UInt64.self) }
                    value = value + weight * (FieldElement(exactly: UInt64(littleEndian: raw)) ?? .zero)
                }
                out.storeBytes(of: value.value.littleEndian, toByteOffset: limb * 8, as: UInt64.self)
            }
        }
        let subset = seen + [extra]
        let rebuilt = try #require(ShamirSharing.reconstruct(seen.compactMap { shares[$0] } + [forged],
                                                             coefficients: ShamirSharing.lagrangeCoefficientsAtZero(holders: subset)))
        #expect(rebuilt.constantTimeEquals(SecretBytes(copying: other)), "seed \(seed)")
        #expect(!rebuilt.constantTimeEquals(secret))
    }

    /// A malformed or inconsistent share set gives nil, not a wrong secret.
    @Test func malformedSharesAreRejected() throws {
        let holders = [ParticipantID(0), ParticipantID(1)]
        let coefficients = ShamirSharing.lagrangeCoefficientsAtZero(holders: holders)
        let outOfField = SecretBytes(copying: [UInt8](repeating: 0xFF, count: 40))
        let zero = SecretBytes(copying: [UInt8](repeating: 0, count: 40))
        #expect(ShamirSharing.reconstruct([outOfField, zero], coefficients: coefficients) == nil)
        let short = SecretBytes(copying: [UInt8](repeating: 0, count: 39))
        #expect(ShamirSharing.reconstruct([short, zero], coefficients: coefficients) == nil)
    }
}
