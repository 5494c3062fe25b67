import ChorusSupport

/// A participant's or coordinator's long-term Ed25519 signing key.
///
/// Made from the 32-byte seed that `chorus keygen` stores; signs key advertisements
/// and survivor sets here, and round configurations and privacy reports in the
/// coordinator. The secret half lives in wiped-on-release memory and is never exported.
public struct IdentitySigningKey: Sendable {
    /// libsodium's 64-byte secret key (seed followed by public key).
    private let secretKey: SecretBytes
    /// The matching public key, to give to verifiers.
    public let publicKey: IdentityPublicKey

    /// The key of a 32-byte Ed25519 seed (RFC 8032's private key).
    /// - Throws: `SecureAggError.invalidKeyLength` unless `seed` is 32 bytes.
    public init(seed: [UInt8]) throws(SecureAggError) {
        guard seed.count == Sodium.ed25519SeedBytes else {
            throw .invalidKeyLength(field: "Ed25519 seed", expected: Sodium.ed25519SeedBytes, actual: seed.count)
        }
        try self.init(secretSeed: SecretBytes(copying: seed))
    }

    /// The key of a 32-byte seed already held in wiped-on-release memory (as a key
    /// file's private key is lent out), so the seed is never copied into an array.
    /// `secretSeed` must be 32 bytes (key files are checked when read).
    package init(secretSeed: SecretBytes) throws(SecureAggError) {
        precondition(secretSeed.count == Sodium.ed25519SeedBytes, "an Ed25519 seed is 32 bytes")
        try Sodium.ensureReady()
        guard let pair = Sodium.ed25519KeyPair(seed: secretSeed) else {
            throw .libraryFailure(function: "crypto_sign_seed_keypair")
        }
        secretKey = pair.secret
        publicKey = try IdentityPublicKey(rawRepresentation: pair.publicKey)
    }

    /// A fresh key from libsodium's CSPRNG.
    public static func generate() throws(SecureAggError) -> IdentitySigningKey {
        try IdentitySigningKey(secretSeed: .random(count: Sodium.ed25519SeedBytes))
    }

    /// The 64-byte Ed25519 signature of `message`.
    public func signature(for message: [UInt8]) -> [UInt8] {
        Sodium.ed25519Sign(message, secretKey: secretKey)
    }
}

/// An Ed25519 public key (32 bytes), checked to be a valid point of the main subgroup.
public struct IdentityPublicKey: Hashable, Sendable {
    /// The 32-byte encoding (RFC 8032).
    public let rawRepresentation: [UInt8]

    /// Size of a signature in bytes.
    public static let signatureByteCount = 64

    /// - Throws: `invalidKeyLength` unless 32 bytes; `invalidField` for an invalid or small-order point.
    public init(rawRepresentation: [UInt8]) throws(SecureAggError) {
        guard rawRepresentation.count == Sodium.ed25519PublicKeyBytes else {
            throw .invalidKeyLength(field: "Ed25519 public key", expected: Sodium.ed25519PublicKeyBytes,
                                    actual: rawRepresentation.count)
        }
        guard Sodium.ed25519IsValidPoint(rawRepresentation) else {
            throw .invalidField(field: "Ed25519 public key", reason: "not a valid point of the main subgroup")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Whether `signature` is this key's valid signature of `message` (strict RFC 8032 checks).
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        Sodium.ed25519Verify(signature, message: message, publicKey: rawRepresentation)
    }
}
