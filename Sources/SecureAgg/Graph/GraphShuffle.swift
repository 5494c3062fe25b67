import ChorusSupport

/// A deterministic stream of uniform integers from the round's public graph seed,
/// so the server and every client derive the same random relabelling. Built on the
/// ChaCha20 keystream (keyed by BLAKE2b of the seed) with our own rejection sampling, so
/// it does not depend on how the standard library maps random bits to ranges.
struct GraphShuffle {
    private let stream: Keystream
    private var buffer = [UInt64](repeating: 0, count: 64)
    private var position = 64
    private let zeros = [UInt8](repeating: 0, count: 512)

    init(seed: [UInt8]) throws(SecureAggError) {
        var label = Array("chorus-secagg-v1 graph".utf8)
        label.append(contentsOf: seed)
        stream = try Keystream(.chacha20, key: Sodium.keyedBlake2b(key: SecretBytes(copying: seed), message: label))
    }

    private mutating func nextWord() -> UInt64 {
        if position == buffer.count {
            stream.next(into: &buffer, zeros: zeros)
            position = 0
        }
        defer { position += 1 }
        return UInt64(littleEndian: buffer[position])
    }

    /// A uniform integer in 0..<bound (bound > 0), by rejection of the top partial range.
    mutating func next(below bound: Int) -> Int {
        let range = UInt64(bound)
        let limit = UInt64.max - UInt64.max % range
        while true {
            let word = nextWord()
            if word < limit { return Int(word % range) }
        }
    }

    /// `elements` in a uniformly random order (Fisher–Yates).
    mutating func shuffled<T>(_ elements: [T]) -> [T] {
        var result = elements
        var index = result.count - 1
        while index > 0 {
            result.swapAt(index, next(below: index + 1))
            index -= 1
        }
        return result
    }
}
