internal import CSodium

/// Ed25519 through libsodium's `crypto_sign_*` (detached signatures).
extension Sodium {
    static let ed25519SeedBytes = Int(crypto_sign_SEEDBYTES)
    static let ed25519PublicKeyBytes = Int(crypto_sign_PUBLICKEYBYTES)
    static let ed25519SignatureBytes = Int(crypto_sign_BYTES)

    /// Expands a 32-byte seed into libsodium's 64-byte secret key and the public key.
    static func ed25519KeyPair(seed: SecretBytes) throws(SecureAggError) -> (secret: SecretBytes, publicKey: [UInt8]) {
        try ensureReady()
        precondition(seed.count == ed25519SeedBytes)
        var publicKey = [UInt8](repeating: 0, count: ed25519PublicKeyBytes)
        let secret = try SecretBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { (secretOut) throws(SecureAggError) in
            let status = seed.withUnsafeBytes { seedBytes in
                publicKey.withUnsafeMutableBytes { publicOut in
                    crypto_sign_seed_keypair(publicOut.cBytes, secretOut.cBytes, seedBytes.cBytes)
                }
            }
            guard status == 0 else { throw .libraryFailure(function: "crypto_sign_seed_keypair") }
        }
        return (secret, publicKey)
    }

    /// A detached 64-byte signature of `message` under libsodium's 64-byte secret key.
    static func ed25519Sign(_ message: [UInt8], secretKey: SecretBytes) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: ed25519SignatureBytes)
        let status = secretKey.withUnsafeBytes { secret in
            signature.withUnsafeMutableBytes { out in
                withMessageBytes(message) { body, length in
                    crypto_sign_detached(out.cBytes, nil, body, UInt64(length), secret.cBytes)
                }
            }
        }
        // crypto_sign_detached cannot fail for a well-formed secret key, which our type guarantees.
        precondition(status == 0, "crypto_sign_detached failed on a valid key")
        return signature
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` under `publicKey`.
    static func ed25519Verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard isReady, signature.count == ed25519SignatureBytes, publicKey.count == ed25519PublicKeyBytes else {
            return false
        }
        return signature.withUnsafeBytes { sig in
            withMessageBytes(message) { body, length in
                publicKey.withUnsafeBytes { key in
                    crypto_sign_verify_detached(sig.cBytes, body, UInt64(length), key.cBytes) == 0
                }
            }
        }
    }

    /// Passes `message` as pointer and length; an empty message gets a valid pointer to
    /// a dummy byte with length 0, since libsodium declares the pointer nonnull.
    private static func withMessageBytes<R>(_ message: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        guard !message.isEmpty else { return [UInt8(0)].withUnsafeBytes { body($0.cBytes, 0) } }
        return message.withUnsafeBytes { body($0.cBytes, $0.count) }
    }

    /// Whether `publicKey` encodes a point of the main subgroup (not small order).
    static func ed25519IsValidPoint(_ publicKey: [UInt8]) -> Bool {
        guard isReady, publicKey.count == ed25519PublicKeyBytes else { return false }
        return publicKey.withUnsafeBytes { crypto_core_ed25519_is_valid_point($0.cBytes) == 1 }
    }
}
