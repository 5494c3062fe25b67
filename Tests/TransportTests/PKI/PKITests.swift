import ChorusSupport
import COpenSSL
import Foundation
import Testing
import TestSupport
import Transport

/// Identities, certificates and public key files.
struct PKITests {
    private func mode(_ url: URL) throws -> Int {
        try #require(TemporaryDirectory.permissions(of: url), "\(url.path) has no readable permissions")
    }

    @Test func identityRoundTripsThroughPKCS8WithOwnerOnlyFiles() throws {
        let temporary = try TemporaryDirectory()
        let folder = temporary.file("alice")
        let identity = try IdentityDirectory.create(at: folder)
        let files = IdentityDirectory(url: folder)
        #expect(try mode(folder) == 0o700)
        #expect(try mode(files.privateKeyURL) == 0o600)
        let pem = try String(contentsOf: files.privateKeyURL, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))  // PKCS#8
        let published = try String(contentsOf: files.publicKeyURL, encoding: .utf8)
        #expect(published == identity.publicKey.hex + "\n")
        #expect(try files.load().publicKey == identity.publicKey)
        #expect(throws: TransportError.alreadyExists(path: files.privateKeyURL.path)) {
            try IdentityDirectory.create(at: folder)
        }
    }

    @Test func rawSeedRederivesTheSamePublicKey() throws {
        let identity = try Ed25519SigningKey.generate()
        // OpenSSL's raw private key is the RFC 8032 seed (libsodium's crypto_sign_seed_keypair input).
        let derived: [UInt8]? = identity.withSeed { seed in
            guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed.baseAddress, seed.count) else {
                return nil
            }
            defer { EVP_PKEY_free(key) }
            var raw = [UInt8](repeating: 0, count: 32)
            var length = 32
            return EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1 ? raw : nil
        }
        #expect(derived == identity.publicKey.rawRepresentation)
    }

    /// RFC 8410 section 10.3's example key: a PKCS#8 file written by OpenSSL reads back to
    /// its RFC public key, and writing the key again gives the same bytes (key files made
    /// before and after the one Ed25519 family stay interchangeable).
    @Test func keyFilesStayByteCompatibleWithPKCS8() throws {
        let pem = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
            -----END PRIVATE KEY-----

            """
        let temporary = try TemporaryDirectory()
        try pem.write(to: temporary.file("rfc.key"), atomically: true, encoding: .utf8)
        let key = try Ed25519SigningKey.load(from: temporary.file("rfc.key"))
        #expect(key.publicKey.hex == "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1")
        try key.save(to: temporary.file("again.key"))
        #expect(try String(contentsOf: temporary.file("again.key"), encoding: .utf8) == pem)
    }

    @Test func signaturesVerifyOnlyForTheSignedMessage() throws {
        let identity = try Ed25519SigningKey.generate()
        let message = Array("round 3 config".utf8)
        let signature = identity.signature(for: message)
        #expect(signature.count == 64)
        #expect(identity.publicKey.isValidSignature(signature, for: message))
        #expect(!identity.publicKey.isValidSignature(signature, for: Array("round 4 config".utf8)))
        #expect(!(try Ed25519SigningKey.generate()).publicKey.isValidSignature(signature, for: message))
    }

    @Test func publicKeyFilesAcceptHexAndPEM() throws {
        let temporary = try TemporaryDirectory()
        let identity = try Ed25519SigningKey.generate()
        let hexFile = temporary.file("a.pub")
        try (identity.publicKey.hex.uppercased() + "\n").write(to: hexFile, atomically: true, encoding: .utf8)
        #expect(try Ed25519PublicKey.load(from: hexFile) == identity.publicKey)

        let pemFile = temporary.file("a.pem")
        try identity.save(to: temporary.file("a.key"))
        let pem = try PEMOfPublicKey(privateKeyFile: temporary.file("a.key"))
        try pem.write(to: pemFile, atomically: true, encoding: .utf8)
        #expect(try Ed25519PublicKey.load(from: pemFile) == identity.publicKey)
    }

    @Test(arguments: ["abc", String(repeating: "g", count: 64), String(repeating: "0", count: 66)])
    func malformedHexKeysAreRefusedWithTheFileName(text: String) throws {
        let temporary = try TemporaryDirectory()
        let file = temporary.file("bad.pub")
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try Ed25519PublicKey.load(from: file)
        } throws: { error in
            guard case .file(let path, _) = error as? TransportError else { return false }
            return path == file.path
        }
    }

    /// The PEM SubjectPublicKeyInfo of the key in a PKCS#8 file, via OpenSSL.
    private func PEMOfPublicKey(privateKeyFile: URL) throws -> String {
        let pem = try Data(contentsOf: privateKeyFile)
        let key = try #require(pem.withUnsafeBytes { raw -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        })
        defer { EVP_PKEY_free(key) }
        let out = try #require(BIO_new(BIO_s_mem()))
        defer { BIO_free(out) }
        #expect(PEM_write_bio_PUBKEY(out, key) == 1)
        var data: UnsafeMutablePointer<CChar>?
        let length = chorus_BIO_get_mem_data(out, &data)
        let base = try #require(data)
        return String(decoding: UnsafeRawBufferPointer(start: base, count: length), as: UTF8.self)
    }
}
