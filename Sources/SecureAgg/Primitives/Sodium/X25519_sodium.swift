internal import CSodium
import ChorusSupport

/// X25519 through libsodium's `crypto_scalarmult`.
extension Sodium {
    static let x25519Bytes = Int(crypto_scalarmult_BYTES)

    /// The public key of a 32-byte X25519 secret.
    static func x25519PublicKey(secret: SecretBytes) throws(SecureAggError) -> [UInt8] {
        try ensureReady()
        precondition(secret.count == x25519Bytes)
        var publicKey = [UInt8](repeating: 0, count: x25519Bytes)
        let status = secret.withUnsafeBytes { scalar in
            publicKey.withUnsafeMutableBytes { crypto_scalarmult_base($0.cBytes, scalar.cBytes) }
        }
        guard status == 0 else { throw .libraryFailure(function: "crypto_scalarmult_base") }
        return publicKey
    }

    /// The raw shared point of `secret` and `peerPublicKey`; nil when libsodium rejects
    /// the result as all-zero (a small-order public key).
    static func x25519(secret: SecretBytes, peerPublicKey: [UInt8]) throws(SecureAggError) -> SecretBytes? {
        try ensureReady()
        precondition(secret.count == x25519Bytes && peerPublicKey.count == x25519Bytes)
        var rejected = false
        let shared = SecretBytes(count: x25519Bytes) { out in
            let status = secret.withUnsafeBytes { scalar in
                peerPublicKey.withUnsafeBytes { point in
                    crypto_scalarmult(out.cBytes, scalar.cBytes, point.cBytes)
                }
            }
            rejected = status != 0
        }
        return rejected ? nil : shared
    }
}
