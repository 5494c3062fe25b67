import ArgumentParser
import Audit
import ChorusSupport
import Foundation
import SecureAgg

/// The report file and the coordinator key an auditor checks it against,
/// shared by `audit verify` and `report html`.
struct ReportSource: ParsableArguments {
    @Argument(help: "The privacy report (privacy-report.jsonl written by the coordinator).")
    var report: String

    @Option(help: ArgumentHelp(
        "The coordinator's public signing key: its signing.pub file or 64 hex digits.",
        discussion: "Without it only the report's self-consistency can be checked (anyone can sign a report with a key of their own): the command says the signer is unverified and exits non-zero."))
    var coordinatorKey: String?

    /// What an auditor cannot accept beyond the report's own checks, or nil: a signer
    /// not checked against --coordinator-key.
    var unverifiedSigner: String? {
        coordinatorKey == nil
            ? "the signer is unverified: the report was checked only against the key it names itself (pass --coordinator-key, the coordinator's signing.pub)"
            : nil
    }

    /// Reads and verifies the report.
    func verify() throws -> ReportVerification {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(URL(fileURLWithPath: report))
        } catch {
            throw ValidationError("\(error)")
        }
        return ReportVerifier.verify(bytes, coordinatorKey: try expectedKey())
    }

    /// The key given with --coordinator-key, nil without one.
    func expectedKey() throws -> Ed25519PublicKey? {
        guard let coordinatorKey else { return nil }
        var text = coordinatorKey
        if FileManager.default.fileExists(atPath: coordinatorKey) {
            do {
                text = String(decoding: try AtomicFile.read(URL(fileURLWithPath: coordinatorKey)), as: UTF8.self)
            } catch {
                throw ValidationError("--coordinator-key: \(error)")
            }
        }
        let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(hex), let key = try? Ed25519PublicKey(rawRepresentation: bytes) else {
            throw ValidationError("--coordinator-key: '\(coordinatorKey)' is neither a file nor 64 hex digits of an Ed25519 public key.")
        }
        return key
    }
}
