internal import CSodium

/// Ed25519 through libsodium's `crypto_sign_*` (detached signatures): the one
/// implementation behind every Chorus signature, whether the key came from a
/// PKCS#8 file (Transport) or signs protocol messages (SecureAgg, plans, reports).
extension Sodium {
    package static let ed25519SeedBytes = Int(crypto_sign_SEEDBYTES)
    package static let ed25519PublicKeyBytes = Int(crypto_sign_PUBLICKEYBYTES)
    package static let ed25519SignatureBytes = Int(crypto_sign_BYTES)

    /// Expands a 32-byte seed (RFC 8032's private key, OpenSSL's raw private key) into
    /// libsodium's 64-byte secret key and the public key; nil when libsodium is unavailable.
    package static func ed25519KeyPair(seed: SecretBytes) -> (secret: SecretBytes, publicKey: [UInt8])? {
        guard isReady else { return nil }
        precondition(seed.count == ed25519SeedBytes)
        var publicKey = [UInt8](repeating: 0, count: ed25519PublicKeyBytes)
        var status: Int32 = -1
        let secret = SecretBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { secretOut in
            status = seed.withUnsafeBytes { seedBytes in
                publicKey.withUnsafeMutableBytes { publicOut in
                    crypto_sign_seed_keypair(publicOut.cBytes, secretOut.cBytes, seedBytes.cBytes)
                }
            }
        }
        return status == 0 ? (secret, publicKey) : nil
    }

    /// The 32-byte seed inside libsodium's 64-byte secret key, in wiped-on-release memory.
    package static func ed25519Seed(of secretKey: SecretBytes) -> SecretBytes {
        precondition(secretKey.count == Int(crypto_sign_SECRETKEYBYTES))
        return SecretBytes(count: ed25519SeedBytes) { seedOut in
            secretKey.withUnsafeBytes { secret in
                // Cannot fail: it copies the seed half of a well-formed secret key.
                _ = crypto_sign_ed25519_sk_to_seed(seedOut.cBytes, secret.cBytes)
            }
        }
    }

    /// A detached 64-byte signature of `message` under libsodium's 64-byte secret key.
    package static func ed25519Sign(_ message: [UInt8], secretKey: SecretBytes) -> [UInt8] {
        precondition(secretKey.count == Int(crypto_sign_SECRETKEYBYTES))
        var signature = [UInt8](repeating: 0, count: ed25519SignatureBytes)
        let status = secretKey.withUnsafeBytes { secret in
            signature.withUnsafeMutableBytes { out in
                withMessageBytes(message) { body, length in
                    crypto_sign_detached(out.cBytes, nil, body, UInt64(length), secret.cBytes)
                }
            }
        }
        // crypto_sign_detached cannot fail for a well-formed secret key, which the length check guarantees.
        precondition(status == 0, "crypto_sign_detached failed on a valid key")
        return signature
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` under `publicKey`
    /// (libsodium's strict checks: canonical encodings, no small-order keys).
    package static func ed25519Verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
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
    package static func ed25519IsValidPoint(_ publicKey: [UInt8]) -> Bool {
        guard isReady, publicKey.count == ed25519PublicKeyBytes else { return false }
        return publicKey.withUnsafeBytes { crypto_core_ed25519_is_valid_point($0.cBytes) == 1 }
    }
}
