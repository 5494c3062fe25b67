import ChorusSupport

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
    /// Streams open at once; bounds the OpenSSL contexts held.
    static let batchSize = 64

    /// Adds or subtracts each term's keystream to `vector`.
    /// - Complexity: O(terms.count × vector.count), dominated by ChaCha20.
    package static func apply(_ terms: [MaskTerm], to vector: inout [UInt32]) throws(SecureAggError) {
        guard !terms.isEmpty, !vector.isEmpty else { return }
        let zeros = [UInt32](repeating: 0, count: chunkWords)
        var scratch = [UInt32](repeating: 0, count: chunkWords)
        defer { scratch.withUnsafeMutableBytes { Sodium.wipe($0) } }
        var start = 0
        while start < terms.count {
            let batch = terms[start..<min(start + batchSize, terms.count)]
            var streams: [ChaCha20Stream] = []
            streams.reserveCapacity(batch.count)
            for term in batch { streams.append(try ChaCha20Stream(key: term.key)) }
            let subtracts = batch.map { $0.sign == .subtract }
            zeros.withUnsafeBytes { zeroBytes in
                scratch.withUnsafeMutableBufferPointer { scratchWords in
                    vector.withUnsafeMutableBufferPointer { words in
                        foldBatch(streams, subtracts: subtracts, into: words, scratch: scratchWords, zeros: zeroBytes)
                    }
                }
            }
            start += batch.count
        }
    }

    /// The unsafe kernel: all pointers are opened once by `apply`.
    private static func foldBatch(_ streams: [ChaCha20Stream], subtracts: [Bool],
                                  into words: UnsafeMutableBufferPointer<UInt32>,
                                  scratch: UnsafeMutableBufferPointer<UInt32>, zeros: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < words.count {
            let length = min(chunkWords, words.count - offset)
            let slice = UnsafeMutableBufferPointer(rebasing: words[offset..<offset + length])
            let keystream = UnsafeMutableBufferPointer(rebasing: scratch[0..<length])
            for index in streams.indices {
                streams[index].next(into: UnsafeMutableRawBufferPointer(keystream), zeros: zeros)
                if subtracts[index] {
                    for i in 0..<length { slice[i] &-= UInt32(littleEndian: keystream[i]) }
                } else {
                    for i in 0..<length { slice[i] &+= UInt32(littleEndian: keystream[i]) }
                }
            }
            offset += length
        }
    }
}
