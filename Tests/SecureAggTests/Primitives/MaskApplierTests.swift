import ChorusSupport
import SecureAgg
import Testing
import TestSupport

/// The mask PRG (AES-128-CTR) and the masking kernel.
struct MaskApplierTests {
    private func seededKey(_ generator: inout SplitMix64) -> SecretBytes {
        SecretBytes(copying: (0..<MaskApplier.prg.keyBytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The whole AES-128-CTR keystream of `key` from block 0 in one OpenSSL call, as words.
    private func oneStream(_ key: SecretBytes, words: Int) throws -> [UInt32] {
        var stream = [UInt32](repeating: 0, count: words)
        try Keystream(.aes128CTR, key: key).next(into: &stream, zeros: [UInt8](repeating: 0, count: 4 * words))
        return stream.map { UInt32(littleEndian: $0) }
    }

    /// The mask of the all-zero key is AES-128-CTR's keystream from counter block 0,
    /// little-endian words: AES_0(0^128) = 66e94bd4…2b2e, then `openssl enc -aes-128-ctr`'s.
    @Test func maskMatchesAES128CTRKnownAnswer() throws {
        var vector = [UInt32](repeating: 0, count: 16)
        try MaskApplier.apply([MaskTerm(key: SecretBytes(copying: [UInt8](repeating: 0, count: 16)), sign: .add)], to: &vector)
        let bytes = vector.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
        #expect(bytes == hex("66e94bd4ef8a2c3b884cfa59ca342b2e58e2fccefa7e3061367f1d57a4e7455a0388dace60b6a392f328c2b971b2fe78f795aaab494b5923f7fd89ff948bc1e0"))
    }

    /// A 32-byte key (a ChaCha20 key of protocol version 2) is refused, not truncated.
    @Test func maskRefusesKeysOfTheOldPRG() {
        var vector = [UInt32](repeating: 0, count: 16)
        #expect(throws: SecureAggError.invalidKeyLength(field: "aes-128-ctr key", expected: 16, actual: 32)) {
            try MaskApplier.apply([MaskTerm(key: SecretBytes(copying: [UInt8](repeating: 0, count: 32)), sign: .add)], to: &vector)
        }
    }

    /// The chunked masking equals one OpenSSL AES-128-CTR call over the whole vector for
    /// lengths that are not multiples of the chunk or block size.
    @Test(arguments: [1, 3, 15, 2047, 2048, 2049, 10_001])
    func chunkedMaskEqualsOneStream(words: Int) throws {
        var generator = SplitMix64(seed: UInt64(words))
        let key = seededKey(&generator)
        var masked = [UInt32](repeating: 0, count: words)
        try MaskApplier.apply([MaskTerm(key: key, sign: .add)], to: &masked)
        #expect(masked == (try oneStream(key, words: words)))
    }

    /// Split across threads, each part's streams start at its first block: the vector
    /// equals one keystream per term for every thread count, including lengths that
    /// are not multiples of a block, a cache line or a chunk.
    @Test(arguments: [(2, 4096), (2, 10_001), (3, 65_539), (7, 20_000)])
    func threadedMaskingEqualsOneStreamPerTerm(threads: Int, words: Int) throws {
        var generator = SplitMix64(seed: UInt64(threads * words))
        let keys = [seededKey(&generator), seededKey(&generator)]
        var masked = [UInt32](repeating: 0, count: words)
        try MaskApplier.apply([MaskTerm(key: keys[0], sign: .add), MaskTerm(key: keys[1], sign: .subtract)], to: &masked,
                              threads: threads)
        let first = try oneStream(keys[0], words: words), second = try oneStream(keys[1], words: words)
        #expect(masked == zip(first, second).map { $0 &- $1 })
    }

    /// Every sign pattern of one to five terms (streams are folded two at a time, so pairs
    /// of each sign combination and an odd last stream) gives x plus and minus the
    /// one-call streams, word for word.
    @Test(arguments: 1...5)
    func everySignPatternEqualsTheSignedSumOfTheStreams(terms: Int) throws {
        var generator = SplitMix64(seed: UInt64(terms))
        let words = 5000
        let keys = (0..<terms).map { _ in seededKey(&generator) }
        let streams = try keys.map { try oneStream($0, words: words) }
        let original = (0..<words).map { _ in UInt32.random(in: .min ... .max, using: &generator) }
        for pattern in 0..<(1 << terms) {
            let subtracts = (0..<terms).map { pattern >> $0 & 1 == 1 }
            var masked = original
            try MaskApplier.apply(zip(keys, subtracts).map { MaskTerm(key: $0, sign: $1 ? .subtract : .add) }, to: &masked)
            var expected = original
            for (stream, subtract) in zip(streams, subtracts) {
                for i in expected.indices { expected[i] = subtract ? expected[i] &- stream[i] : expected[i] &+ stream[i] }
            }
            #expect(masked == expected, "signs \(subtracts)")
        }
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
