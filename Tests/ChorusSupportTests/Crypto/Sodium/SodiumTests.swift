import ChorusSupport
import Testing

/// libsodium's secret randomness as the crypto layer hands it out.
struct SodiumTests {
    /// Each call keys its ChaCha20 stream afresh: two fills never share output, and the
    /// output is not the keystream of a fixed (all-zero) seed.
    @Test func fillRandomStreamKeysEveryCallAfresh() {
        var first = [UInt8](repeating: 0, count: 1024)
        var second = [UInt8](repeating: 0, count: 1024)
        first.withUnsafeMutableBytes { Sodium.fillRandomStream($0) }
        second.withUnsafeMutableBytes { Sodium.fillRandomStream($0) }
        #expect(first != second)
        #expect(first != Sodium.deterministicBytes(count: 1024, seed: [UInt8](repeating: 0, count: 32)))
        // 1024 random bytes hold all 256 values with probability 1 - 256 (255/256)^1024 > 0.995;
        // at least 200 distinct values is certain but for a broken fill (zeros, a short pattern).
        #expect(Set(first).count > 200 && Set(second).count > 200)
    }
}
