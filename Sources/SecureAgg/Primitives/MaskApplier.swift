import ChorusSupport
import Foundation

/// One term of a mask: the keystream of the mask PRG (AES-128-CTR) under `key`,
/// read as little-endian `UInt32` words, added to or subtracted from a vector
/// (wrapping mod 2^32).
package struct MaskTerm: Sendable {
    package enum Sign: Sendable { case add, subtract }

    package let key: SecretBytes
    package let sign: Sign

    package init(key: SecretBytes, sign: Sign) {
        self.key = key
        self.sign = sign
    }
}

/// Expands mask terms with the PRG and folds them into a vector: the hot loop of
/// both masking (client) and unmasking (server).
///
/// Works chunk by chunk: for each 8 KiB slice of the vector, the streams of a batch,
/// two at a time, write their next 8 KiB of keystream to a scratch buffer and their
/// signed sum is added to the slice in place, so the slice, the scratch and the zero
/// input stay in L1 and the vector is read from memory once per batch rather than
/// once per term.
package enum MaskApplier {
    /// Words per chunk: 2048 words = 8 KiB, so the slice, two chunks of keystream and the
    /// zero input (32 KiB) fit L1 (48 KiB a core on Ice Lake).
    static let chunkWords = 2048
    /// Streams open at once per thread; bounds the OpenSSL contexts held.
    static let batchSize = 64
    /// The mask PRG: AES-128-CTR (protocol version 3; ChaCha20 before), about twice
    /// ChaCha20's rate with AES-NI (`chorus bench mask`).
    package static let prg = Keystream.Cipher.aes128CTR
    /// Words per PRG block.
    static let wordsPerBlock = prg.blockBytes / 4
    /// A thread's part starts on a 64-byte cache line, a whole number of PRG blocks.
    static let wordsPerAlignment = 16
    /// The threads masking and unmasking use: every core of the machine.
    package static var allCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Adds or subtracts each term's keystream to `vector`, on up to `threads` threads,
    /// each folding every term into its own block-aligned part of the vector (its
    /// streams start at that part's first block), so the result does not depend on `threads`.
    /// - Complexity: O(terms.count × vector.count), dominated by the PRG.
    package static func apply(_ terms: [MaskTerm], to vector: inout [UInt32], threads: Int = 1) throws(SecureAggError) {
        guard !terms.isEmpty, !vector.isEmpty else { return }
        let parts = partition(count: vector.count, parts: max(1, min(threads, vector.count / chunkWords)))
        var start = 0
        while start < terms.count {
            let batch = terms[start..<min(start + batchSize, terms.count)]
            var streams: [[Keystream]] = []
            for part in parts {
                let firstBlock = UInt64(part.lowerBound / wordsPerBlock)
                var row: [Keystream] = []
                row.reserveCapacity(batch.count)
                for term in batch { row.append(try Keystream(prg, key: term.key, firstBlock: firstBlock)) }
                streams.append(row)
            }
            let subtracts = batch.map { $0.sign == .subtract }
            MaskFold.fold(streams, subtracts: subtracts, parts: parts, into: &vector)
            start += batch.count
        }
    }

    /// `count` words cut into `parts` contiguous ranges that start on cache lines.
    static func partition(count: Int, parts: Int) -> [Range<Int>] {
        let lines = (count + wordsPerAlignment - 1) / wordsPerAlignment
        return (0..<parts).map { part in
            min(count, lines * part / parts * wordsPerAlignment)..<min(count, lines * (part + 1) / parts * wordsPerAlignment)
        }
    }
}
