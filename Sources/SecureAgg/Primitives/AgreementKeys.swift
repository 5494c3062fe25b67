import ChorusSupport

/// An ephemeral X25519 key pair, fresh for each round: one pair encrypts shares in
/// transit, another derives the pairwise masks (Bonawitz et al.'s c and s keys).
struct AgreementPrivateKey: Sendable {
    /// The 32-byte scalar; Shamir-shared for the mask key so the server can rebuild it for a dropout.
    let secret: SecretBytes
    let publicKey: AgreementPublicKey

    /// The key pair of a 32-byte scalar (libsodium clamps it).
    init(secret: SecretBytes) throws(SecureAggError) {
        guard secret.count == Sodium.x25519Bytes else {
            throw .invalidKeyLength(field: "X25519 secret", expected: Sodium.x25519Bytes, actual: secret.count)
        }
        self.secret = secret
        publicKey = try AgreementPublicKey(rawRepresentation: Sodium.x25519PublicKey(secret: secret))
    }

    /// A fresh key pair from libsodium's CSPRNG.
    static func generate() throws(SecureAggError) -> AgreementPrivateKey {
        try AgreementPrivateKey(secret: .random(count: Sodium.x25519Bytes))
    }

    /// The raw X25519 shared secret with `peer`'s public key.
    /// - Throws: `weakPublicKey(peer:)` when the key has small order (the result would be zero).
    func sharedSecret(with peerKey: AgreementPublicKey, peer: ParticipantID) throws(SecureAggError) -> SecretBytes {
        guard let shared = try Sodium.x25519(secret: secret, peerPublicKey: peerKey.rawRepresentation) else {
            throw .weakPublicKey(peer: peer)
        }
        return shared
    }
}

/// An X25519 public key (32 bytes), as advertised in stage 0.
public struct AgreementPublicKey: Hashable, Sendable {
    public let rawRepresentation: [UInt8]

    /// - Throws: `invalidKeyLength` unless 32 bytes.
    public init(rawRepresentation: [UInt8]) throws(SecureAggError) {
        guard rawRepresentation.count == Sodium.x25519Bytes else {
            throw .invalidKeyLength(field: "X25519 public key", expected: Sodium.x25519Bytes,
                                    actual: rawRepresentation.count)
        }
        self.rawRepresentation = rawRepresentation
    }
}
