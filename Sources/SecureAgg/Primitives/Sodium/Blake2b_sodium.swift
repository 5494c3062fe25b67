internal import CSodium
import ChorusSupport

/// BLAKE2b through libsodium's `crypto_generichash`, keyed for key derivation.
extension Sodium {
    /// The keyed BLAKE2b of `message` under `key` (16 to 64 key bytes), `outputBytes`
    /// long (16 to 64; BLAKE2b binds the length, so outputs of different lengths are unrelated).
    static func keyedBlake2b(key: SecretBytes, message: [UInt8], outputBytes: Int = 32) throws(SecureAggError) -> SecretBytes {
        try ensureReady()
        precondition(key.count >= Int(crypto_generichash_KEYBYTES_MIN) && key.count <= Int(crypto_generichash_KEYBYTES_MAX))
        precondition(outputBytes >= Int(crypto_generichash_BYTES_MIN) && outputBytes <= Int(crypto_generichash_BYTES_MAX))
        return try SecretBytes(count: outputBytes) { (out) throws(SecureAggError) in
            let status = key.withUnsafeBytes { keyBytes in
                message.withUnsafeBytes { body in
                    crypto_generichash(out.cBytes, out.count, body.cBytes, UInt64(body.count),
                                       keyBytes.cBytes, keyBytes.count)
                }
            }
            guard status == 0 else { throw .libraryFailure(function: "crypto_generichash") }
        }
    }
}
