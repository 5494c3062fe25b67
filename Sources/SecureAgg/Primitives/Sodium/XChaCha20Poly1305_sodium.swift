internal import CSodium
import ChorusSupport

/// XChaCha20-Poly1305 (IETF) through libsodium's `crypto_aead_xchacha20poly1305_ietf_*`.
extension Sodium {
    static let aeadNonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let aeadTagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
    static let aeadKeyBytes = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)

    /// Encrypts `plaintext` under `key` and `nonce`, authenticating `associatedData` too.
    static func aeadSeal(plaintext: SecretBytes, associatedData: [UInt8], nonce: [UInt8],
                         key: SecretBytes) throws(SecureAggError) -> [UInt8] {
        try ensureReady()
        precondition(key.count == aeadKeyBytes && nonce.count == aeadNonceBytes)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + aeadTagBytes)
        var written: UInt64 = 0
        let status = plaintext.withUnsafeBytes { message in
            key.withUnsafeBytes { keyBytes in
                nonce.withUnsafeBytes { nonceBytes in
                    associatedData.withUnsafeBytes { ad in
                        ciphertext.withUnsafeMutableBytes { out in
                            crypto_aead_xchacha20poly1305_ietf_encrypt(
                                out.cBytes, &written, message.cBytes, UInt64(message.count),
                                ad.cBytes, UInt64(ad.count), nil, nonceBytes.cBytes, keyBytes.cBytes)
                        }
                    }
                }
            }
        }
        guard status == 0 else { throw .libraryFailure(function: "crypto_aead_xchacha20poly1305_ietf_encrypt") }
        return ciphertext
    }

    /// Decrypts and authenticates; nil when the tag does not verify under this key,
    /// nonce and associated data.
    static func aeadOpen(ciphertext: [UInt8], associatedData: [UInt8], nonce: [UInt8],
                         key: SecretBytes) throws(SecureAggError) -> SecretBytes? {
        try ensureReady()
        precondition(key.count == aeadKeyBytes && nonce.count == aeadNonceBytes)
        guard ciphertext.count > aeadTagBytes else { return nil }
        var authentic = false
        let plaintext = SecretBytes(count: ciphertext.count - aeadTagBytes) { out in
            var written: UInt64 = 0
            let status = ciphertext.withUnsafeBytes { sealed in
                key.withUnsafeBytes { keyBytes in
                    nonce.withUnsafeBytes { nonceBytes in
                        associatedData.withUnsafeBytes { ad in
                            crypto_aead_xchacha20poly1305_ietf_decrypt(
                                out.cBytes, &written, nil, sealed.cBytes, UInt64(sealed.count),
                                ad.cBytes, UInt64(ad.count), nonceBytes.cBytes, keyBytes.cBytes)
                        }
                    }
                }
            }
            authentic = status == 0
        }
        return authentic ? plaintext : nil
    }
}
