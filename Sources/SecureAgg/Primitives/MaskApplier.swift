import ChorusSupport
import Foundation

/// One term of a mask: the ChaCha20 keystream of `key`, read as little-endian
/// `UInt32` words, added to or subtracted from a vector (wrapping mod 2^32).
package struct MaskTerm: Sendable {
    package enum Sign: Sendable { case add, subtract }

    package let key: SecretBytes
    package let sign: Sign

    package init(key: SecretBytes, sign: Sign) {
        self.key = key
        self.sign = sign
    }
}

/// Expands mask terms with the ChaCha20 PRG and folds them into a vector: the hot
/// loop of both masking (client) and unmasking (server).
///
/// Works chunk by chunk: for each 8 KiB slice of the vector, every stream of a batch
/// writes its next 8 KiB of keystream to a scratch buffer that is added in place, so
/// the slice, the scratch and the zero input stay in L1 and the vector is read once
/// per batch rather than once per term.
package enum MaskApplier {
    /// Words per chunk: 2048 words = 8 KiB, so three buffers fit a 32 KiB L1.
    static let chunkWords = 2048
    /// Streams open at once per thread; bounds the OpenSSL contexts held.
    static let batchSize = 64
    /// Words per 64-byte ChaCha20 block: a thread's part starts on a block boundary.
    static let wordsPerBlock = 16
    /// The threads masking and unmasking use: every core of the machine.
    package static var allCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Adds or subtracts each term's keystream to `vector`, on up to `threads` threads,
    /// each folding every term into its own block-aligned part of the vector (its
    /// streams start at that part's first block), so the result does not depend on `threads`.
    /// - Complexity: O(terms.count × vector.count), dominated by ChaCha20.
    package static func apply(_ terms: [MaskTerm], to vector: inout [UInt32], threads: Int = 1) throws(SecureAggError) {
        guard !terms.isEmpty, !vector.isEmpty else { return }
        let parts = partition(count: vector.count, parts: max(1, min(threads, vector.count / chunkWords)))
        var start = 0
        while start < terms.count {
            let batch = terms[start..<min(start + batchSize, terms.count)]
            var streams: [[ChaCha20Stream]] = []
            for part in parts {
                guard let firstBlock = UInt32(exactly: part.lowerBound / wordsPerBlock) else {
                    throw .invalidField(field: "vector length", reason: "\(vector.count) words exceed the ChaCha20 block counter")
                }
                var row: [ChaCha20Stream] = []
                row.reserveCapacity(batch.count)
                for term in batch { row.append(try ChaCha20Stream(key: term.key, firstBlock: firstBlock)) }
                streams.append(row)
            }
            let subtracts = batch.map { $0.sign == .subtract }
            MaskFold.fold(streams, subtracts: subtracts, parts: parts, into: &vector)
            start += batch.count
        }
    }

    /// `count` words cut into `parts` contiguous ranges that start on block boundaries.
    static func partition(count: Int, parts: Int) -> [Range<Int>] {
        let blocks = (count + wordsPerBlock - 1) / wordsPerBlock
        return (0..<parts).map { part in
            min(count, blocks * part / parts * wordsPerBlock)..<min(count, blocks * (part + 1) / parts * wordsPerBlock)
        }
    }
}
