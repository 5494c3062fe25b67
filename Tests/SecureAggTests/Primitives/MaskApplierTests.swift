import ChorusSupport
import SecureAgg
import Testing
import TestSupport

/// The ChaCha20 PRG and the masking kernel.
struct MaskApplierTests {
    private func seededKey(_ generator: inout SplitMix64) -> SecretBytes {
        SecretBytes(copying: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// RFC 8439 appendix A.1, test vector 1: all-zero key and nonce, counter 0.
    @Test func keystreamMatchesRFC8439() throws {
        var vector = [UInt32](repeating: 0, count: 16)
        try MaskApplier.apply([MaskTerm(key: SecretBytes(copying: [UInt8](repeating: 0, count: 32)), sign: .add)], to: &vector)
        let bytes = vector.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
        #expect(bytes == hex("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"))
    }

    /// OpenSSL's stream (chunked, several at once) equals libsodium's for lengths that
    /// are not multiples of the chunk or block size.
    @Test(arguments: [1, 15, 2047, 2048, 2049, 10_001])
    func openSSLStreamEqualsLibsodium(words: Int) throws {
        var generator = SplitMix64(seed: UInt64(words))
        let key = seededKey(&generator)
        var masked = [UInt32](repeating: 0, count: words)
        try MaskApplier.apply([MaskTerm(key: key, sign: .add)], to: &masked)
        var reference = [UInt32](repeating: 0, count: words)
        try reference.withUnsafeMutableBytes { try SodiumChaCha20.keystream(into: $0, key: key) }
        #expect(masked == reference.map { UInt32(littleEndian: $0) })
    }

    /// Split across threads, each part's streams start at its first block: the vector
    /// equals libsodium's one keystream per term for every thread count, including
    /// lengths that are not multiples of a block or a chunk.
    @Test(arguments: [(2, 4096), (2, 10_001), (3, 65_539), (7, 20_000)])
    func threadedMaskingEqualsOneStreamPerTerm(threads: Int, words: Int) throws {
        var generator = SplitMix64(seed: UInt64(threads * words))
        let keys = [seededKey(&generator), seededKey(&generator)]
        var masked = [UInt32](repeating: 0, count: words)
        try MaskApplier.apply([MaskTerm(key: keys[0], sign: .add), MaskTerm(key: keys[1], sign: .subtract)], to: &masked,
                              threads: threads)
        var first = [UInt32](repeating: 0, count: words), second = first
        try first.withUnsafeMutableBytes { try SodiumChaCha20.keystream(into: $0, key: keys[0]) }
        try second.withUnsafeMutableBytes { try SodiumChaCha20.keystream(into: $0, key: keys[1]) }
        #expect(masked == zip(first, second).map { UInt32(littleEndian: $0) &- UInt32(littleEndian: $1) })
    }

    /// Adding then subtracting the same terms (more than one batch) restores the vector.
    @Test func subtractingTheTermsRestoresTheVector() throws {
        var generator = SplitMix64(seed: 5)
        let keys = (0..<70).map { _ in seededKey(&generator) }
        let original = (0..<3000).map { _ in UInt32.random(in: .min ... .max, using: &generator) }
        var vector = original
        try MaskApplier.apply(keys.map { MaskTerm(key: $0, sign: .add) }, to: &vector)
        #expect(vector != original)
        try MaskApplier.apply(keys.map { MaskTerm(key: $0, sign: .subtract) }, to: &vector)
        #expect(vector == original)
    }

    /// A masked all-zero vector looks uniform: the top byte of 65,536 words passes a
    /// chi-square test over 256 bins and each of the 32 bits is set about half the time.
    /// Bounds: chi-square with 255 degrees of freedom exceeds 390 with probability
    /// about 1e-7; a bit count deviates by more than 6 standard deviations (6·128) with
    /// probability about 2e-9. The keys are seeded, so the test is deterministic.
    @Test func maskedVectorIsStatisticallyUniform() throws {
        var generator = SplitMix64(seed: 11)
        var vector = [UInt32](repeating: 0, count: 65_536)
        try MaskApplier.apply([MaskTerm(key: seededKey(&generator), sign: .add),
                               MaskTerm(key: seededKey(&generator), sign: .subtract)], to: &vector)
        var bins = [Int](repeating: 0, count: 256)
        var bits = [Int](repeating: 0, count: 32)
        for word in vector {
            bins[Int(word >> 24)] += 1
            for bit in 0..<32 where word >> bit & 1 == 1 { bits[bit] += 1 }
        }
        let expected = Double(vector.count) / 256
        let chiSquare = bins.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chiSquare < 390, "chi-square \(chiSquare)")
        for count in bits { #expect(abs(count - 32_768) < 6 * 128, "bit count \(count)") }
    }
}
