import Foundation
import Testing
import TestSupport

/// `chorus keygen`, `coordinator init` and `coordinator enroll` as an operator
/// and a participant use them.
struct EnrollmentCommandTests {
    private func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func keygenThenEnrollPutsTheKeyOnTheRosterOnce() throws {
        let temporary = try TemporaryDirectory()
        let coordinator = temporary.file("coord").path
        let identity = temporary.file("alice").path

        let initialized = try ChorusProcess.run(["coordinator", "init", "--dir", coordinator,
                                                 "--host", "coord.example", "--json", "-q"])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(try json(initialized.stdout)["tls_hosts"] as? [String] == ["localhost", "127.0.0.1", "coord.example"])
        let config = try json(String(contentsOfFile: coordinator + "/config.json", encoding: .utf8))
        #expect(config["version"] as? Int == 1)

        let keygen = try ChorusProcess.run(["keygen", "--out", identity, "--json", "-q"])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let key = try #require(try json(keygen.stdout)["public_key"] as? String)
        #expect(key.count == 64)

        let enroll = ["coordinator", "enroll", "--dir", coordinator, "--participant", identity + "/identity.pub"]
        let first = try ChorusProcess.run(enroll + ["--json", "-q"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try json(first.stdout)["participants"] as? Int == 1)
        let roster = try String(contentsOfFile: coordinator + "/roster.json", encoding: .utf8)
        #expect(roster.contains(key))

        let second = try ChorusProcess.run(enroll)
        #expect(second.status != 0)
        #expect(second.stdout.isEmpty)
        #expect(second.stderr.contains("\(key) is already enrolled"))
    }

    @Test func initAndKeygenRefuseToOverwriteKeys() throws {
        let temporary = try TemporaryDirectory()
        let coordinator = temporary.file("coord").path
        #expect(try ChorusProcess.run(["coordinator", "init", "--dir", coordinator, "-q"]).status == 0)
        let again = try ChorusProcess.run(["coordinator", "init", "--dir", coordinator, "-q"])
        #expect(again.status != 0)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("ca.key already exists"))

        #expect(try ChorusProcess.run(["keygen", "--out", temporary.file("p").path, "-q"]).status == 0)
        let keygenAgain = try ChorusProcess.run(["keygen", "--out", temporary.file("p").path, "-q"])
        #expect(keygenAgain.status != 0)
        #expect(keygenAgain.stderr.contains("identity.key already exists"))
    }

    @Test func enrollingAMalformedKeyFileNamesTheFile() throws {
        let temporary = try TemporaryDirectory()
        let coordinator = temporary.file("coord").path
        #expect(try ChorusProcess.run(["coordinator", "init", "--dir", coordinator, "-q"]).status == 0)
        let bad = temporary.file("bad.pub")
        try "not a key\n".write(to: bad, atomically: true, encoding: .utf8)
        let result = try ChorusProcess.run(["coordinator", "enroll", "--dir", coordinator, "--participant", bad.path])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(bad.path))
        #expect(result.stderr.contains("expected 64 hex digits"))
    }
}
