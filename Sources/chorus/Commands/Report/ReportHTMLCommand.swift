import ArgumentParser
import Audit
import ChorusSupport
import Foundation

/// `chorus report html REPORT --out FILE.html`.
struct ReportHTMLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "Write a self-contained HTML page for a privacy report.",
        discussion: """
        The page shows the verification verdict, the run's parameters, charts of test accuracy, \
        epsilon and survivors per round, and a table of rounds. It needs no network and runs no scripts.

        Example:
          chorus report html coord/privacy-report.jsonl --coordinator-key coord/signing.pub --out report.html
        """
    )

    @OptionGroup var source: ReportSource

    @Option(help: "The HTML file to write.")
    var out: String

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.report.html")
        let verification = try source.verify()
        let page = ReportPage.render(verification, source: URL(fileURLWithPath: source.report).lastPathComponent,
                                     checkedKey: try source.expectedKey().map { Hex.encode($0.rawRepresentation) })
        do {
            try AtomicFile.write(Array(page.utf8), to: URL(fileURLWithPath: out))
        } catch {
            throw ValidationError("--out: \(error)")
        }
        logger.info("report page written", metadata: ["path": "\(out)", "valid": "\(verification.valid)"])
        // The page is written either way (it shows the verdict); the exit status says whether to trust it.
        if let problem = verification.firstProblem {
            throw ValidationErrorMessage("the report is not valid: \(problem) (page written to \(out))")
        }
        if let reason = source.unverifiedSigner {
            throw ValidationErrorMessage("\(reason) (page written to \(out))")
        }
    }
}
