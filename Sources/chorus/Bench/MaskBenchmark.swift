import ChorusSupport
import SecureAgg

/// `chorus bench mask`: masking a vector with k neighbours (k + 1 PRG streams: the
/// self mask and one per neighbour) against the raw keystream rate of OpenSSL's
/// AES-128-CTR (the PRG itself, one large call per stream), of OpenSSL's ChaCha20 (the
/// PRG of protocol version 2) and of libsodium's ChaCha20, measured in the same run.
struct MaskBenchmark {
    struct Result {
        var maskGBPerSecond: Double
        var aes128CTRGBPerSecond: Double
        var chacha20GBPerSecond: Double
        var libsodiumGBPerSecond: Double
        var verified: Bool
    }

    let dimension: Int
    let neighbours: Int
    let repeats: Int

    func run() throws -> Result {
        let terms = (0...neighbours).map { index in
            MaskTerm(key: SecretBytes.random(count: MaskApplier.prg.keyBytes), sign: index % 2 == 0 ? .add : .subtract)
        }
        let original = (0..<dimension).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) }
        let streamBytes = Double(terms.count) * Double(dimension) * 4

        // References 1 and 2: OpenSSL's raw keystreams, one large call per stream, no masking.
        let zeros = [UInt8](repeating: 0, count: dimension * 4)
        var keystream = [UInt8](repeating: 0, count: dimension * 4)
        let chachaKeys = terms.map { _ in SecretBytes.random(count: Keystream.Cipher.chacha20.keyBytes) }
        func rawOpenSSL(_ cipher: Keystream.Cipher, keys: [SecretBytes]) throws {
            for key in keys {
                try Keystream(cipher, key: key).next(into: &keystream, zeros: zeros)
            }
        }
        // Reference 3: libsodium's ChaCha20.
        func rawSodium() throws {
            for key in chachaKeys {
                try SodiumChaCha20.keystream(into: &keystream, key: key)
            }
        }
        var vector = original
        try rawOpenSSL(MaskApplier.prg, keys: terms.map(\.key))
        try rawOpenSSL(.chacha20, keys: chachaKeys)
        try rawSodium()
        try MaskApplier.apply(terms, to: &vector)  // warm-up
        var maskTimes: [Double] = []
        var aesTimes: [Double] = []
        var chachaTimes: [Double] = []
        var sodiumTimes: [Double] = []
        for _ in 0..<repeats {
            aesTimes.append(try BenchClock.seconds { try rawOpenSSL(MaskApplier.prg, keys: terms.map(\.key)) })
            maskTimes.append(try BenchClock.seconds { try MaskApplier.apply(terms, to: &vector) })
            chachaTimes.append(try BenchClock.seconds { try rawOpenSSL(.chacha20, keys: chachaKeys) })
            sodiumTimes.append(try BenchClock.seconds { try rawSodium() })
        }
        // Keep and check the result: undoing every application restores the input.
        let inverse = terms.map { MaskTerm(key: $0.key, sign: $0.sign == .add ? .subtract : .add) }
        for _ in 0...repeats { try MaskApplier.apply(inverse, to: &vector) }
        return Result(maskGBPerSecond: streamBytes / BenchClock.median(maskTimes) / 1e9,
                      aes128CTRGBPerSecond: streamBytes / BenchClock.median(aesTimes) / 1e9,
                      chacha20GBPerSecond: streamBytes / BenchClock.median(chachaTimes) / 1e9,
                      libsodiumGBPerSecond: streamBytes / BenchClock.median(sodiumTimes) / 1e9,
                      verified: vector == original)
    }
}
