import ChorusSupport
import SecureAgg

/// `chorus bench mask`: masking a vector with k neighbours (k + 1 ChaCha20 streams:
/// the self mask and one per neighbour) against the raw ChaCha20 keystream rate of
/// OpenSSL (the PRG's engine) and of libsodium, measured in the same run.
struct MaskBenchmark {
    struct Result {
        var maskGBPerSecond: Double
        var chacha20GBPerSecond: Double
        var libsodiumGBPerSecond: Double
        var verified: Bool
    }

    let dimension: Int
    let neighbours: Int
    let repeats: Int

    func run() throws -> Result {
        let terms = (0...neighbours).map { index in
            MaskTerm(key: SecretBytes.random(count: 32), sign: index % 2 == 0 ? .add : .subtract)
        }
        let original = (0..<dimension).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) }
        let streamBytes = Double(terms.count) * Double(dimension) * 4

        // Reference 1: OpenSSL's raw keystream, one large call per stream, no masking.
        let zeros = [UInt8](repeating: 0, count: dimension * 4)
        var keystream = [UInt8](repeating: 0, count: dimension * 4)
        func rawOpenSSL() throws {
            for term in terms {
                let stream = try ChaCha20Stream(key: term.key)
                stream.next(into: &keystream, zeros: zeros)
            }
        }
        // Reference 2: libsodium's keystream.
        func rawSodium() throws {
            for term in terms {
                try SodiumChaCha20.keystream(into: &keystream, key: term.key)
            }
        }
        var vector = original
        try rawOpenSSL()
        try rawSodium()
        try MaskApplier.apply(terms, to: &vector)  // warm-up
        var maskTimes: [Double] = []
        var openSSLTimes: [Double] = []
        var sodiumTimes: [Double] = []
        for _ in 0..<repeats {
            openSSLTimes.append(try BenchClock.seconds { try rawOpenSSL() })
            maskTimes.append(try BenchClock.seconds { try MaskApplier.apply(terms, to: &vector) })
            sodiumTimes.append(try BenchClock.seconds { try rawSodium() })
        }
        // Keep and check the result: undoing every application restores the input.
        let inverse = terms.map { MaskTerm(key: $0.key, sign: $0.sign == .add ? .subtract : .add) }
        for _ in 0...repeats { try MaskApplier.apply(inverse, to: &vector) }
        return Result(maskGBPerSecond: streamBytes / BenchClock.median(maskTimes) / 1e9,
                      chacha20GBPerSecond: streamBytes / BenchClock.median(openSSLTimes) / 1e9,
                      libsodiumGBPerSecond: streamBytes / BenchClock.median(sodiumTimes) / 1e9,
                      verified: vector == original)
    }
}
