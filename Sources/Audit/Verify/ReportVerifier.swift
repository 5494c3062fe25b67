import ChorusSupport
import DifferentialPrivacy
import SecureAgg

/// Checks a privacy report without trusting the operator: every signature
/// and hash link, the round order, the effective noise against what the run
/// promised, epsilon recomputed with Chorus's own accountant, and the budget.
public enum ReportVerifier {
    /// Relative tolerance between a recorded epsilon and the recomputed one:
    /// the same deterministic computation gives the same value; 1e-9 absorbs
    /// only printing and parsing of doubles.
    static let epsilonTolerance = 1e-9

    /// Verifies the report's bytes.
    /// - Parameters:
    ///   - coordinatorKey: the key the auditor expects; nil trusts the key the
    ///     run record states (then only the report's self-consistency is checked).
    ///   - recomputeEpsilon: false skips the accountant (used when resuming a writer).
    public static func verify(_ bytes: [UInt8], coordinatorKey: Ed25519PublicKey? = nil,
                              recomputeEpsilon: Bool = true) -> ReportVerification {
        var state = VerificationState(expectedKey: coordinatorKey, recomputeEpsilon: recomputeEpsilon)
        guard !bytes.isEmpty else {
            return state.finish(problem: ReportProblem(record: 0, reason: "the report is empty"))
        }
        guard bytes.last == UInt8(ascii: "\n") else {
            let count = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
            return state.finish(problem: ReportProblem(record: count - 1, reason: "the last record is cut off (no final newline)"))
        }
        let lines = bytes.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            do {
                try state.check(line, record: index)
            } catch {
                return state.finish(problem: error.problem)
            }
        }
        return state.finish(problem: nil)
    }
}

/// A problem found while walking the records.
struct VerificationFailure: Error {
    var problem: ReportProblem

    init(_ record: Int, _ reason: String) {
        problem = ReportProblem(record: record, reason: reason)
    }
}
