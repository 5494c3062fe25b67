import ChorusSupport
import Foundation
import Server
import Testing
import TestSupport
import Transport

/// The coordinator's directory (`coordinator init`, `enroll`) and its roster file.
struct CoordinatorDirectoryTests {
    private func mode(_ url: URL) throws -> Int {
        try #require(TemporaryDirectory.permissions(of: url), "\(url.path) has no readable permissions")
    }

    @Test func coordinatorInitCreatesKeysThatServeTLSAndEnrollRefusesDuplicates() throws {
        let temporary = try TemporaryDirectory()
        let directory = try CoordinatorDirectory.initialize(at: temporary.file("coord"), hosts: ["coord.example"])
        #expect(try mode(directory.url) == 0o700)
        for secret in [directory.caKeyURL, directory.tlsKeyURL, directory.signingKeyURL] {
            #expect(try mode(secret) == 0o600, "\(secret.lastPathComponent)")
        }
        #expect(try directory.roster().participants.isEmpty)
        #expect(try Certificate.load(from: directory.tlsCertificateURL).publicKey()
                == Ed25519SigningKey.load(from: directory.tlsKeyURL).publicKey)
        #expect(throws: TransportError.alreadyExists(path: directory.caKeyURL.path)) {
            try CoordinatorDirectory.initialize(at: directory.url, hosts: [])
        }

        let participant = try IdentityDirectory.create(at: temporary.file("p"))
        let publicFile = IdentityDirectory(url: temporary.file("p")).publicKeyURL
        #expect(try directory.enroll(publicKeyFile: publicFile) == participant.publicKey)
        #expect(throws: TransportError.duplicateEnrollment(key: participant.publicKey)) {
            try directory.enroll(publicKeyFile: publicFile)
        }
        let tls = try directory.serverTLSConfiguration()
        #expect(tls.enrolled == [participant.publicKey])
    }

    @Test func rosterRejectsAFileListingAKeyTwice() throws {
        let temporary = try TemporaryDirectory()
        let key = try Ed25519SigningKey.generate().publicKey
        let file = temporary.file("roster.json")
        let entry = #"{"public_key": "\#(key.hex)", "enrolled_at": "2026-01-01T00:00:00Z"}"#
        try #"{"version": 1, "participants": [\#(entry), \#(entry)]}"#.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: TransportError.file(path: file.path, reason: "key \(key) is listed twice")) {
            try Roster.load(from: file)
        }
    }
}
