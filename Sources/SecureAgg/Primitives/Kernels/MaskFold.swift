import ChorusSupport
import Dispatch

/// The unsafe kernel of `MaskApplier`: folds one batch of PRG streams into a
/// vector, each thread over its own block-aligned part, chunk by chunk, so the
/// vector's chunk, the keystream scratch and the zero input stay in L1.
enum MaskFold {
    /// Adds (or, where `subtracts` says so, subtracts) the keystream of `streams[p][i]`
    /// to the words of `parts[p]` of `vector`, one thread per part.
    /// - Precondition: `parts` do not overlap and lie within `vector`; one row of streams per part.
    static func fold(_ streams: [[Keystream]], subtracts: [Bool], parts: [Range<Int>], into vector: inout [UInt32]) {
        precondition(streams.count == parts.count && parts.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= vector.count })
        vector.withUnsafeMutableBufferPointer { words in
            let work = zip(parts, streams).map { Part(words: UnsafeMutableBufferPointer(rebasing: words[$0]), streams: $1) }
            DispatchQueue.concurrentPerform(iterations: work.count) { index in
                foldBatch(work[index].streams, subtracts: subtracts, into: work[index].words)
            }
        }
    }

    /// One thread's share of a batch: its block-aligned words and its streams, positioned there.
    private struct Part: @unchecked Sendable {
        // Sendable: each Part goes to exactly one concurrentPerform iteration, parts' word
        // ranges do not overlap, and `fold` keeps the vector (and so `words`) alive
        // until concurrentPerform has returned; the streams are used by that iteration only.
        let words: UnsafeMutableBufferPointer<UInt32>
        let streams: [Keystream]
    }

    /// Streams whose keystream is added to a chunk in one pass over it (`foldBatch` pairs them).
    static let streamsPerPass = 2

    /// Folds every stream of a batch into `words`, chunk by chunk: each pass writes the
    /// next chunk of keystream of up to `streamsPerPass` streams into the scratch, then
    /// adds their signed sum to the chunk, so the chunk is loaded and stored once per
    /// pass rather than once per stream.
    private static func foldBatch(_ streams: [Keystream], subtracts: [Bool],
                                  into words: UnsafeMutableBufferPointer<UInt32>) {
        let chunkWords = MaskApplier.chunkWords
        let zeros = [UInt8](repeating: 0, count: chunkWords * 4)
        let scratch = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: streamsPerPass * chunkWords)
        scratch.initialize(repeating: 0)
        defer {
            Sodium.wipe(UnsafeMutableRawBufferPointer(scratch))
            scratch.deallocate()
        }
        // All ones where a stream is subtracted (see `signed`).
        let signMasks = subtracts.map { $0 ? UInt32.max : 0 }
        zeros.withUnsafeBytes { zeros in
            var offset = 0
            while offset < words.count {
                let length = min(chunkWords, words.count - offset)
                let slice = UnsafeMutableBufferPointer(rebasing: words[offset..<offset + length])
                let first = UnsafeMutableBufferPointer(rebasing: scratch[0..<length])
                let second = UnsafeMutableBufferPointer(rebasing: scratch[chunkWords..<chunkWords + length])
                var index = 0
                while index + 1 < streams.count {
                    streams[index].next(into: UnsafeMutableRawBufferPointer(first), zeros: zeros)
                    streams[index + 1].next(into: UnsafeMutableRawBufferPointer(second), zeros: zeros)
                    let firstMask = signMasks[index], secondMask = signMasks[index + 1]
                    for i in 0..<length {
                        slice[i] &+= signed(first[i], firstMask) &+ signed(second[i], secondMask)
                    }
                    index += 2
                }
                if index < streams.count {
                    streams[index].next(into: UnsafeMutableRawBufferPointer(first), zeros: zeros)
                    let mask = signMasks[index]
                    for i in 0..<length { slice[i] &+= signed(first[i], mask) }
                }
                offset += length
            }
        }
    }

    /// A keystream word (little-endian) with its sign: `(k ^ m) &- m` is k when `mask` is 0 and
    /// -k (mod 2^32) when it is all ones, without a branch in the fold's loops.
    @inline(__always)
    private static func signed(_ word: UInt32, _ mask: UInt32) -> UInt32 {
        (UInt32(littleEndian: word) ^ mask) &- mask
    }
}
