import ArgumentParser
import Foundation
import Audit

/// `chorus audit verify REPORT [--coordinator-key PUB] [--json]`.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a privacy report's signatures, hash chain, noise and epsilon.",
        discussion: """
        Checks every record's Ed25519 signature and its link to the previous record, that rounds \
        follow each other without repeats, that the effective noise never falls below what the run \
        promised, that epsilon recomputed with Chorus's own accountants equals the recorded value, \
        and that no round exceeds the budget. Prints the verdict and the first problem found. \
        Exits 0 only when everything holds.

        Examples:
          chorus audit verify coord/privacy-report.jsonl --coordinator-key coord/signing.pub
          chorus audit verify privacy-report.jsonl --coordinator-key signing.pub --json
        """
    )

    @OptionGroup var source: ReportSource
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.audit.verify")
        let verification = try source.verify()
        logger.debug("report read", metadata: ["records": "\(verification.records)"])
        if output.json {
            var object: [String: Any] = ["valid": verification.valid, "records": verification.records,
                                         "rounds": verification.rounds.count]
            if let problem = verification.firstProblem {
                object["first_problem"] = ["record": problem.record, "reason": problem.reason]
            } else {
                object["first_problem"] = NSNull()
            }
            // JSON has no infinity: a run without DP reports no epsilon.
            if let last = verification.rounds.last, last.privacy.epsilonRDP.isFinite, last.privacy.epsilonPLD.isFinite {
                object["epsilon_rdp"] = last.privacy.epsilonRDP
                object["epsilon_pld"] = last.privacy.epsilonPLD
            }
            if let run = verification.run { object["differential_privacy"] = run.quantization.map { $0.noiseMultiplier > 0 } ?? false }
            try output.printJSON(object)
        } else if let problem = verification.firstProblem {
            print("NOT VALID: \(problem) (\(verification.records) records checked before it)")
        } else {
            let epsilon = verification.rounds.last.map {
                ", epsilon \($0.privacy.epsilonPLD) (PLD) / \($0.privacy.epsilonRDP) (RDP) at delta \(verification.run?.privacy.delta ?? 0)"
            } ?? ""
            print("VALID: \(verification.records) records (\(Plural.count(verification.rounds.count, "round")))\(epsilon)")
        }
        if !verification.valid { throw ExitCode(1) }
    }
}
