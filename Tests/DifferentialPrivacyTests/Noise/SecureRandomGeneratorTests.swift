import DifferentialPrivacy
import Testing

/// The DP randomness: libsodium's CSPRNG through a buffer refilled with fresh keys.
struct SecureRandomGeneratorTests {
    /// Words drawn across several 64 KiB refills never repeat (among 3 x 8192 + 5 random
    /// 64-bit words a repeat has probability below 2^-34): a refill that reused its key
    /// or its bytes would repeat a whole buffer; two generators draw different words.
    @Test func drawsAcrossRefillsAndGeneratorsDoNotRepeat() throws {
        var generator = try SecureRandomGenerator()
        let count = 3 * 65536 / 8 + 5
        let draws = (0..<count).map { _ in generator.next() }
        #expect(Set(draws).count == count)
        var other = try SecureRandomGenerator()
        let otherDraws = (0..<64).map { _ in other.next() }
        #expect(Set(otherDraws).isDisjoint(with: draws))
    }
}
