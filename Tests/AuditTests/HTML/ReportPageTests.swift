import Audit
import ChorusSupport
import Foundation
import Testing
import TestSupport

/// The HTML page is self-contained and shows what the auditor needs.
struct ReportPageTests {
    @Test func pageHasVerdictChartsAndEveryRoundWithoutExternalResources() throws {
        let fixture = try ReportFixture()
        let page = ReportPage.render(ReportVerifier.verify(try fixture.bytes), source: "privacy-report.jsonl")
        #expect(page.contains("VALID: all 4 records"))
        #expect(page.contains("id=\"disclosed-sample\"") && page.contains("against its readers"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 3)
        #expect(page.components(separatedBy: "<tr><td>").count - 1 == fixture.rounds.count)
        #expect(!page.contains("<script"))
        #expect(!page.contains("http://") || page.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!page.contains("https://"))
    }

    /// What must hold: the verdict says where the report breaks, in a red alert banner.
    @Test func pageOfATamperedReportSaysNotValidAndWhereInARedBanner() throws {
        let fixture = try ReportFixture()
        var bytes = try fixture.bytes
        bytes[bytes.count - 20] ^= 0x01
        let page = ReportPage.render(ReportVerifier.verify(bytes), source: "r.jsonl")
        #expect(page.contains("<div class=\"verdict invalid\" id=\"verdict\" role=\"alert\">NOT VALID: record 3"))
        #expect(page.contains(".invalid{background:#c62828;color:#fff"))
    }

    /// What must hold: the epsilon chart draws the budget as a dashed line at its
    /// level, the round axis is labelled at whole rounds only, the glossary
    /// explains the table's terms, and the page names the key it was checked against.
    @Test func pageShowsBudgetLineWholeRoundTicksGlossaryAndCheckedKey() throws {
        let fixture = try ReportFixture(epsilonBudget: 50)
        let key = Hex.encode(fixture.key.publicKey.rawRepresentation)
        let page = ReportPage.render(ReportVerifier.verify(try fixture.bytes, coordinatorKey: fixture.key.publicKey),
                                     source: "privacy-report.jsonl", checkedKey: key)
        #expect(page.components(separatedBy: "class=\"limit\"").count - 1 == 1, "one budget line, on the epsilon chart")
        #expect(page.contains(">budget 50.0</text>"))
        let ticks = page.components(separatedBy: "class=\"tick xtick\">").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(ticks.count == 3 * fixture.rounds.count, "\(ticks)")
        #expect(ticks.allSatisfy { Int($0) != nil }, "\(ticks)")
        for term in ["effective z", "wrapped", "ring bits", "PLD and RDP"] {
            #expect(page.contains("<dt>\(term)</dt>"), "no glossary entry for \(term)")
        }
        #expect(page.contains("checked against the coordinator key <code>\(key)</code>"))

        let unkeyed = ReportPage.render(ReportVerifier.verify(try fixture.bytes), source: "r.jsonl")
        #expect(unkeyed.contains("no --coordinator-key given"))
    }
}
