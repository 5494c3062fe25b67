import ArgumentParser
import Audit
import ChorusSupport
import Foundation

/// `chorus audit verify REPORT --coordinator-key PUB [--receipts DIR] [--allow-unsealed] [--json]`.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a privacy report's signatures, hash chain, noise and epsilon.",
        discussion: """
        Checks every record's Ed25519 signature and its link to the previous record, that rounds \
        follow each other without repeats, that the effective noise never falls below what the run \
        promised, that epsilon recomputed with Chorus's own accountants equals the recorded value, \
        and that no round exceeds the budget; that the report is sealed by the run's closing record \
        (a report cut short keeps valid signatures); and, with --receipts, that every round a \
        participant kept a signed plan of is in the report as planned. Prints the verdict and the \
        first problem found. The recorded epsilon claims amplification by sampling, which holds for \
        the model released alone; the report lists each round's participants, so the verdict also \
        gives the epsilon against its readers: the most exposed participant's rounds at rate 1. Exits 0 only when everything holds and the signer is --coordinator-key.

        Examples:
          chorus audit verify coord/privacy-report.jsonl --coordinator-key coord/signing.pub
          chorus audit verify privacy-report.jsonl --coordinator-key signing.pub --receipts me/receipts --json
        """
    )

    @OptionGroup var source: ReportSource

    @Option(help: "A participant's receipts folder (receipts/ beside its ledger): each round it kept a signed plan of must be in the report as planned.")
    var receipts: String?

    @Flag(help: "Accept a report without a closing record (a run still going); otherwise that is a failure, as records may have been cut from its end.")
    var allowUnsealed = false

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.audit.verify")
        let verification = try source.verify()
        logger.debug("report read", metadata: ["records": "\(verification.records)"])
        var problem = verification.firstProblem
        if problem == nil, verification.closing == nil, !allowUnsealed {
            problem = ReportProblem(record: verification.records,
                                    reason: "the report has no closing record: the run is still going or records were cut from its end (--allow-unsealed to accept that)")
        }
        if problem == nil, let receipts {
            // A receipt is checked against the key given; without one the signer problem below is reported.
            if let key = try source.expectedKey(),
               let reason = verification.receiptProblem(try ReceiptDirectory.load(receipts, coordinatorKey: key)) {
                problem = ReportProblem(record: verification.records, reason: reason)
            }
        }
        if problem == nil, let reason = source.unverifiedSigner {
            problem = ReportProblem(record: 0, reason: reason)
        }
        if output.json {
            var object: [String: Any] = ["valid": problem == nil, "records": verification.records,
                                         "rounds": verification.rounds.count, "sealed": verification.closing != nil,
                                         "signer_verified": source.unverifiedSigner == nil]
            if let problem {
                object["first_problem"] = ["record": problem.record, "reason": problem.reason]
            } else {
                object["first_problem"] = NSNull()
            }
            // JSON has no infinity: a run without DP reports no epsilon.
            if let last = verification.rounds.last, last.privacy.epsilonRDP.isFinite {
                object["epsilon_rdp"] = last.privacy.epsilonRDP
                if let pld = last.privacy.epsilonPLD, pld.isFinite { object["epsilon_pld"] = pld }
            }
            if let disclosed = verification.disclosedSample, disclosed.epsilon.isFinite {
                object["epsilon_rdp_disclosed_sample"] = ["epsilon": disclosed.epsilon, "participant": disclosed.participant,
                                                          "rounds": disclosed.rounds]
            }
            if let run = verification.run { object["differential_privacy"] = run.quantization.map { $0.noiseMultiplier > 0 } ?? false }
            try output.printJSON(object)
        } else if let problem = verification.firstProblem {
            print("NOT VALID: \(problem) (\(verification.records) records checked before it)")
        } else if let problem {
            print("NOT VALID: \(problem.reason)")
        } else {
            let epsilon = verification.rounds.last.map {
                ", epsilon \($0.privacy.epsilonRDP) (RDP) at delta \(verification.run?.privacy.delta ?? 0)"
            } ?? ""
            let disclosed = verification.disclosedSample.map {
                "; against readers of this report (it names each round's participants, so no amplification): "
                    + "epsilon \($0.epsilon), participant \($0.participant) over \(Plural.count($0.rounds, "round"))"
            } ?? ""
            let sealed = verification.closing.map { ", sealed: \($0.reason)" } ?? ", unsealed (accepted by --allow-unsealed)"
            print("VALID: \(verification.records) records (\(Plural.count(verification.rounds.count, "round")))\(epsilon)\(sealed)\(disclosed)")
        }
        if problem != nil { throw ExitCode(1) }
    }
}
