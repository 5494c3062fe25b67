internal import COpenSSL
import ChorusSupport

/// One ChaCha20 keystream (RFC 8439: 32-byte key, zero nonce, block counter from 0),
/// produced by OpenSSL's EVP interface, which on this class of machine runs twice as
/// fast as libsodium's (AVX-512 code; `chorus bench mask` reports both).
///
/// Owns its `EVP_CIPHER_CTX`, which holds the expanded key; `deinit` frees it and
/// OpenSSL cleanses the key schedule on free. Keys are distinct per round, pair and
/// purpose (see `KeyDerivation`), so the zero nonce never repeats under one key.
package final class ChaCha20Stream {
    private let context: OpaquePointer

    /// Largest number of bytes one `next(into:zeros:)` call may produce.
    package static let maximumChunkBytes = 1 << 24

    /// A stream keyed with the full 32-byte `key` (never a truncated seed), starting at
    /// 64-byte block `firstBlock` of the keystream (so threads can each produce a part).
    package init(key: SecretBytes, firstBlock: UInt32 = 0) throws(SecureAggError) {
        guard key.count == 32 else { throw .invalidKeyLength(field: "ChaCha20 key", expected: 32, actual: key.count) }
        guard let context = EVP_CIPHER_CTX_new() else { throw .libraryFailure(function: "EVP_CIPHER_CTX_new") }
        // OpenSSL's ChaCha20 IV: the 32-bit block counter, little-endian, then the 96-bit (zero) nonce.
        var iv = [UInt8](repeating: 0, count: 16)
        withUnsafeBytes(of: firstBlock.littleEndian) { iv.replaceSubrange(0..<4, with: $0) }
        let status = key.withUnsafeBytes { keyBytes in
            iv.withUnsafeBytes { ivBytes in
                EVP_EncryptInit_ex(context, EVP_chacha20(), nil,
                                   keyBytes.bindMemory(to: UInt8.self).baseAddress,
                                   ivBytes.bindMemory(to: UInt8.self).baseAddress)
            }
        }
        guard status == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw .libraryFailure(function: "EVP_EncryptInit_ex(chacha20)")
        }
        self.context = context
    }

    /// Writes the next `out.count` keystream bytes into `out` by encrypting the same
    /// number of bytes of `zeros`, which must hold zeros and be at least as long.
    package func next(into out: UnsafeMutableRawBufferPointer, zeros: UnsafeRawBufferPointer) {
        precondition(out.count <= zeros.count && out.count <= Self.maximumChunkBytes)
        guard let target = out.baseAddress, let source = zeros.baseAddress, out.count > 0 else { return }
        var written: Int32 = 0
        let status = EVP_EncryptUpdate(context, target.assumingMemoryBound(to: UInt8.self), &written,
                                       source.assumingMemoryBound(to: UInt8.self), Int32(out.count))
        // A stream cipher context initialised above cannot fail to encrypt in-bounds buffers.
        precondition(status == 1 && Int(written) == out.count, "EVP_EncryptUpdate(chacha20) failed")
    }

    /// Overwrites every element of `out` with the next keystream bytes, encrypting
    /// `zeros`, which must hold zeros and be at least as long in bytes.
    package func next<T: BitwiseCopyable>(into out: inout [T], zeros: [UInt8]) {
        zeros.withUnsafeBytes { input in out.withUnsafeMutableBytes { next(into: $0, zeros: input) } }
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }
}
