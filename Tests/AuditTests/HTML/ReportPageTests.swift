import Audit
import Foundation
import Testing
import TestSupport

/// The HTML page is self-contained and shows what the auditor needs.
struct ReportPageTests {
    @Test func pageHasVerdictChartsAndEveryRoundWithoutExternalResources() throws {
        let fixture = try ReportFixture()
        let page = ReportPage.render(ReportVerifier.verify(try fixture.bytes), source: "privacy-report.jsonl")
        #expect(page.contains("VALID: all 4 records"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 3)
        #expect(page.components(separatedBy: "<tr><td>").count - 1 == fixture.rounds.count)
        #expect(!page.contains("<script"))
        #expect(!page.contains("http://") || page.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!page.contains("https://"))
    }

    @Test func pageOfATamperedReportSaysNotValidAndWhere() throws {
        let fixture = try ReportFixture()
        var bytes = try fixture.bytes
        bytes[bytes.count - 20] ^= 0x01
        let page = ReportPage.render(ReportVerifier.verify(bytes), source: "r.jsonl")
        #expect(page.contains("NOT VALID: record 3"))
    }
}
