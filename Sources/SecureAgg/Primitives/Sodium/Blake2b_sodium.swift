internal import CSodium

/// BLAKE2b through libsodium's `crypto_generichash`, keyed for key derivation.
extension Sodium {
    /// The 32-byte keyed BLAKE2b of `message` under `key` (16 to 64 key bytes).
    static func keyedBlake2b(key: SecretBytes, message: [UInt8]) throws(SecureAggError) -> SecretBytes {
        try ensureReady()
        precondition(key.count >= Int(crypto_generichash_KEYBYTES_MIN) && key.count <= Int(crypto_generichash_KEYBYTES_MAX))
        return try SecretBytes(count: 32) { (out) throws(SecureAggError) in
            let status = key.withUnsafeBytes { keyBytes in
                message.withUnsafeBytes { body in
                    crypto_generichash(out.cBytes, out.count, body.cBytes, UInt64(body.count),
                                       keyBytes.cBytes, keyBytes.count)
                }
            }
            guard status == 0 else { throw .libraryFailure(function: "crypto_generichash") }
        }
    }

    /// The unkeyed 32-byte BLAKE2b of `message` (public data only, e.g. graph seeds).
    static func blake2b(_ message: [UInt8]) throws(SecureAggError) -> [UInt8] {
        try ensureReady()
        var digest = [UInt8](repeating: 0, count: 32)
        let status = digest.withUnsafeMutableBytes { out in
            message.withUnsafeBytes { body in
                crypto_generichash(out.cBytes, out.count, body.cBytes, UInt64(body.count), nil, 0)
            }
        }
        guard status == 0 else { throw .libraryFailure(function: "crypto_generichash") }
        return digest
    }
}
