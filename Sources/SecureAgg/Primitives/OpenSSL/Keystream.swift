internal import COpenSSL
import ChorusSupport

/// One keystream of a stream cipher run by OpenSSL's EVP interface: the keystream
/// bytes are the encryption of zeros under the key, from a given block on.
///
/// - `aes128CTR`, the mask PRG: NIST SP 800-38A counter mode, 16-byte key, counter
///   block i = i as a 128-bit big-endian integer from 0. With AES-NI it runs about
///   twice as fast as OpenSSL's ChaCha20 on this class of machine (`chorus bench mask`
///   reports both).
/// - `chacha20`, the graph shuffle's stream: RFC 8439, 32-byte key, zero nonce, block
///   counter from 0.
///
/// Owns its `EVP_CIPHER_CTX`, which holds the expanded key; `deinit` frees it and
/// OpenSSL cleanses the key schedule on free. Keys are distinct per round, pair and
/// purpose (see `KeyDerivation`), so a counter block never repeats under one key.
package final class Keystream {
    package enum Cipher: Sendable {
        case aes128CTR
        case chacha20

        /// Bytes of a key.
        package var keyBytes: Int {
            switch self {
            case .aes128CTR: 16
            case .chacha20: 32
            }
        }

        /// Bytes of one block, the unit `firstBlock` counts.
        package var blockBytes: Int {
            switch self {
            case .aes128CTR: 16
            case .chacha20: 64
            }
        }

        var name: String {
            switch self {
            case .aes128CTR: "aes-128-ctr"
            case .chacha20: "chacha20"
            }
        }

        /// OpenSSL's IV for a stream starting at `firstBlock`: for AES-CTR the initial
        /// counter block (big-endian); for ChaCha20 the 32-bit block counter,
        /// little-endian, then the 96-bit (zero) nonce. nil when the counter overflows.
        func initialVector(firstBlock: UInt64) -> [UInt8]? {
            var iv = [UInt8](repeating: 0, count: 16)
            switch self {
            case .aes128CTR:
                withUnsafeBytes(of: firstBlock.bigEndian) { iv.replaceSubrange(8..<16, with: $0) }
            case .chacha20:
                guard let counter = UInt32(exactly: firstBlock) else { return nil }
                withUnsafeBytes(of: counter.littleEndian) { iv.replaceSubrange(0..<4, with: $0) }
            }
            return iv
        }

        fileprivate var evp: OpaquePointer? {
            switch self {
            case .aes128CTR: EVP_aes_128_ctr()
            case .chacha20: EVP_chacha20()
            }
        }
    }

    /// Largest number of bytes one `next(into:zeros:)` call may produce.
    package static let maximumChunkBytes = 1 << 24

    private let context: OpaquePointer

    /// The keystream of `cipher` under `key` (exactly `cipher.keyBytes`, never a
    /// truncated or padded key), starting at block `firstBlock` (so threads can each
    /// produce a part).
    package init(_ cipher: Cipher, key: SecretBytes, firstBlock: UInt64 = 0) throws(SecureAggError) {
        guard key.count == cipher.keyBytes else {
            throw .invalidKeyLength(field: "\(cipher.name) key", expected: cipher.keyBytes, actual: key.count)
        }
        guard let iv = cipher.initialVector(firstBlock: firstBlock) else {
            throw .invalidField(field: "\(cipher.name) first block", reason: "\(firstBlock) exceeds the block counter")
        }
        guard let context = EVP_CIPHER_CTX_new() else { throw .libraryFailure(function: "EVP_CIPHER_CTX_new") }
        let status = key.withUnsafeBytes { keyBytes in
            iv.withUnsafeBytes { ivBytes in
                EVP_EncryptInit_ex(context, cipher.evp, nil,
                                   keyBytes.bindMemory(to: UInt8.self).baseAddress,
                                   ivBytes.bindMemory(to: UInt8.self).baseAddress)
            }
        }
        guard status == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw .libraryFailure(function: "EVP_EncryptInit_ex(\(cipher.name))")
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
        precondition(status == 1 && Int(written) == out.count, "EVP_EncryptUpdate failed")
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
