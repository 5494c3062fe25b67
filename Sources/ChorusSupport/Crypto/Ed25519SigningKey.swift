/// A participant's or coordinator's long-term Ed25519 private key: the one signing
/// key type of Chorus. It signs key advertisements and survivor sets (SecureAgg),
/// round plans and privacy reports (coordinator), and is the key of the TLS
/// certificates (Transport builds OpenSSL's key from ``withSeed(_:)``).
///
/// Made from the 32-byte seed (RFC 8032's private key, which is also OpenSSL's raw
/// private key and what a PKCS#8 key file holds). The secret lives in
/// wiped-on-release memory and is never printed, logged, `Codable` or copied into an array.
public struct Ed25519SigningKey: Sendable {
    /// libsodium's 64-byte secret key (seed followed by public key).
    private let secretKey: SecretBytes
    /// The matching public key, to give to verifiers.
    public let publicKey: Ed25519PublicKey

    /// The key of a 32-byte Ed25519 seed.
    /// - Throws: `CryptoError.invalidKeyLength` unless `seed` is 32 bytes.
    public init(seed: [UInt8]) throws(CryptoError) {
        guard seed.count == Sodium.ed25519SeedBytes else {
            throw .invalidKeyLength(field: "Ed25519 seed", expected: Sodium.ed25519SeedBytes, actual: seed.count)
        }
        try self.init(secretSeed: SecretBytes(copying: seed))
    }

    /// The key of a 32-byte seed already held in wiped-on-release memory (as OpenSSL
    /// writes a key file's private key), so the seed is never copied into an array.
    /// - Throws: `CryptoError.invalidKeyLength` unless `secretSeed` is 32 bytes;
    ///   `.libraryUnavailable` when libsodium did not initialise.
    package init(secretSeed: SecretBytes) throws(CryptoError) {
        guard secretSeed.count == Sodium.ed25519SeedBytes else {
            throw .invalidKeyLength(field: "Ed25519 seed", expected: Sodium.ed25519SeedBytes, actual: secretSeed.count)
        }
        guard let pair = Sodium.ed25519KeyPair(seed: secretSeed) else { throw .libraryUnavailable }
        secretKey = pair.secret
        publicKey = try Ed25519PublicKey(rawRepresentation: pair.publicKey)
    }

    /// A fresh key from libsodium's CSPRNG.
    /// - Throws: `CryptoError.libraryUnavailable` when libsodium did not initialise.
    public static func generate() throws(CryptoError) -> Ed25519SigningKey {
        guard Sodium.isReady else { throw .libraryUnavailable }
        return try Ed25519SigningKey(secretSeed: .random(count: Sodium.ed25519SeedBytes))
    }

    /// The 64-byte Ed25519 signature of `message` (deterministic, RFC 8032).
    public func signature(for message: [UInt8]) -> [UInt8] {
        Sodium.ed25519Sign(message, secretKey: secretKey)
    }

    /// Lends the 32-byte seed to `body` (the pointer lives only inside it): for the
    /// one place that needs it outside libsodium, Transport's OpenSSL key (PKCS#8
    /// files and TLS certificates).
    package func withSeed<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try Sodium.ed25519Seed(of: secretKey).withUnsafeBytes(body)
    }
}
