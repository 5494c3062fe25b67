import ChorusSupport
import Testing

/// The one Ed25519 key family agrees with RFC 8032 and refuses what it should.
struct Ed25519KeysTests {
    /// RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte).
    @Test(arguments: [
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ])
    func signaturesMatchRFC8032(seed: String, publicKey: String, message: String, signature: String) throws {
        let key = try Ed25519SigningKey(seed: hex(seed))
        #expect(key.publicKey.rawRepresentation == hex(publicKey))
        #expect(key.signature(for: hex(message)) == hex(signature))
        #expect(key.publicKey.isValidSignature(hex(signature), for: hex(message)))
    }

    /// A signature does not verify for another message, another key, or when altered.
    @Test func verificationRejectsOtherMessagesKeysAndAlteredSignatures() throws {
        let key = try Ed25519SigningKey.generate()
        let other = try Ed25519SigningKey.generate()
        let signature = key.signature(for: [1, 2, 3])
        #expect(key.publicKey.isValidSignature(signature, for: [1, 2, 3]))
        #expect(!key.publicKey.isValidSignature(signature, for: [1, 2, 4]))
        #expect(!other.publicKey.isValidSignature(signature, for: [1, 2, 3]))
        var altered = signature
        altered[10] ^= 1
        #expect(!key.publicKey.isValidSignature(altered, for: [1, 2, 3]))
        #expect(!key.publicKey.isValidSignature(Array(signature.prefix(63)), for: [1, 2, 3]))
    }

    /// Wrong lengths and invalid points are typed errors.
    @Test func malformedKeysAreTypedErrors() {
        #expect(throws: CryptoError.invalidKeyLength(field: "Ed25519 seed", expected: 32, actual: 31)) {
            _ = try Ed25519SigningKey(seed: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: CryptoError.invalidKeyLength(field: "Ed25519 public key", expected: 32, actual: 33)) {
            _ = try Ed25519PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 33))
        }
        // The identity point (small order) is not an acceptable public key.
        #expect(throws: CryptoError.invalidKey(field: "Ed25519 public key", reason: "not a valid point of the main subgroup")) {
            _ = try Ed25519PublicKey(rawRepresentation: [1] + [UInt8](repeating: 0, count: 31))
        }
    }

    /// Bytes of a hexadecimal test vector.
    private func hex(_ text: String) -> [UInt8] {
        Hex.decode(text) ?? []
    }
}
