import ChorusSupport
import Foundation
import Testing
import TestSupport

/// `chorus audit verify` and `chorus report html` as an auditor runs them.
struct AuditCommandTests {
    @Test func verifyAcceptsAnHonestReportAndExitsZero() throws {
        let fixture = try ReportFixture(sealed: true)
        let key = Hex.encode(fixture.key.publicKey.rawRepresentation)
        let result = try ChorusProcess.run(["audit", "verify", fixture.url.path, "--coordinator-key", key, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == true)
        #expect(object["records"] as? Int == 5)
        #expect(object["sealed"] as? Bool == true)
        #expect(object["first_problem"] is NSNull)
        // The report names each round's participants: the epsilon against its readers is given too.
        let disclosed = try #require(object["epsilon_rdp_disclosed_sample"] as? [String: Any])
        let amplified = try #require(object["epsilon_rdp"] as? Double)
        #expect(try #require(disclosed["epsilon"] as? Double) > amplified)
        #expect(disclosed["rounds"] as? Int == 3)
    }

    @Test func verifyOfAReportWithoutClosingRecordFailsUnlessAllowed() throws {
        let fixture = try ReportFixture()
        let key = Hex.encode(fixture.key.publicKey.rawRepresentation)
        let result = try ChorusProcess.run(["audit", "verify", fixture.url.path, "--coordinator-key", key])
        #expect(result.status != 0)
        #expect(result.stdout.contains("the report has no closing record"), "\(result.stdout)")
        let allowed = try ChorusProcess.run(["audit", "verify", fixture.url.path, "--coordinator-key", key, "--allow-unsealed"])
        #expect(allowed.status == 0, "\(allowed.stdout) \(allowed.stderr)")
        #expect(allowed.stdout.contains("unsealed"))
    }

    @Test func verifyWithoutCoordinatorKeySaysTheSignerIsUnverifiedAndFails() throws {
        let fixture = try ReportFixture(sealed: true)
        let result = try ChorusProcess.run(["audit", "verify", fixture.url.path])
        #expect(result.status != 0)
        #expect(result.stdout.contains("the signer is unverified"), "\(result.stdout)")
        let page = fixture.directory.file("report.html")
        let html = try ChorusProcess.run(["report", "html", fixture.url.path, "--out", page.path])
        #expect(html.status != 0)
        #expect(html.stderr.contains("the signer is unverified"), "\(html.stderr)")
    }

    @Test func verifyNamesTheFirstProblemAndExitsNonZero() throws {
        let fixture = try ReportFixture()
        var lines = try fixture.lines
        lines.remove(at: 2)
        try AtomicFile.write(ReportFixture.join(lines), to: fixture.url)
        let result = try ChorusProcess.run(["audit", "verify", fixture.url.path, "--json"])
        #expect(result.status != 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let problem = try #require(object["first_problem"] as? [String: Any])
        #expect(problem["record"] as? Int == 2)
    }

    @Test func verifyWithAnotherCoordinatorKeyFails() throws {
        let fixture = try ReportFixture()
        let other = try ReportFixture()
        let keyFile = fixture.directory.file("signing.pub")
        try AtomicFile.write(Array((Hex.encode(other.key.publicKey.rawRepresentation) + "\n").utf8), to: keyFile)
        let result = try ChorusProcess.run(["audit", "verify", fixture.url.path, "--coordinator-key", keyFile.path])
        #expect(result.status != 0)
        #expect(result.stdout.contains("NOT VALID: record 0"))
    }

    @Test func verifyOfAMissingFileIsAClearError() throws {
        let result = try ChorusProcess.run(["audit", "verify", "/nonexistent/report.jsonl"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("/nonexistent/report.jsonl"))
        #expect(result.stdout.isEmpty)
    }

    @Test func htmlOfAnInvalidReportWritesThePageAndExitsNonZero() throws {
        let fixture = try ReportFixture(sealed: true)
        var lines = try fixture.lines
        lines.remove(at: 2)
        try AtomicFile.write(ReportFixture.join(lines), to: fixture.url)
        let page = fixture.directory.file("report.html")
        let key = Hex.encode(fixture.key.publicKey.rawRepresentation)
        let result = try ChorusProcess.run(["report", "html", fixture.url.path, "--out", page.path, "--coordinator-key", key])
        #expect(result.status != 0)
        #expect(result.stderr.contains("the report is not valid: record 2"), "\(result.stderr)")
        #expect(String(decoding: try AtomicFile.read(page), as: UTF8.self).contains("NOT VALID"))
    }

    @Test func htmlWritesASelfContainedPage() throws {
        let fixture = try ReportFixture(sealed: true)
        let page = fixture.directory.file("report.html")
        let key = Hex.encode(fixture.key.publicKey.rawRepresentation)
        let result = try ChorusProcess.run(["report", "html", fixture.url.path, "--out", page.path, "--coordinator-key", key])
        #expect(result.status == 0, "\(result.stderr)")
        let html = String(decoding: try AtomicFile.read(page), as: UTF8.self)
        #expect(html.contains("VALID"))
        #expect(html.contains("<svg"))
    }
}
