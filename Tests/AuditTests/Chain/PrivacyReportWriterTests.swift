import Audit
import ChorusSupport
import Testing
import TestSupport

/// The writer appends after a restart and never records a round twice.
struct PrivacyReportWriterTests {
    @Test func resumedWriterAppendsAValidRecord() throws {
        let fixture = try ReportFixture()
        var writer = try PrivacyReportWriter.resume(at: fixture.url, signingKey: fixture.key)
        #expect(writer.records == 4)
        #expect(writer.lastRound == 3)
        // Re-appending an old round is refused, and the file is unchanged.
        let before = try fixture.bytes
        #expect(throws: AuditError.self) { try writer.append(fixture.rounds[2]) }
        #expect(try fixture.bytes == before)
    }

    @Test func creatingOverAnExistingReportIsRefused() throws {
        let fixture = try ReportFixture()
        #expect(throws: AuditError.self) {
            _ = try PrivacyReportWriter.create(at: fixture.url, run: fixture.run, signingKey: fixture.key)
        }
    }

    @Test func resumingATamperedReportIsRefused() throws {
        let fixture = try ReportFixture()
        var bytes = try fixture.bytes
        bytes[bytes.count / 2] ^= 0x20
        try AtomicFile.write(bytes, to: fixture.url)
        #expect(throws: AuditError.self) {
            _ = try PrivacyReportWriter.resume(at: fixture.url, signingKey: fixture.key)
        }
    }
}
