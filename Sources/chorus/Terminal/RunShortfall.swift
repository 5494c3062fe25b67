import ChorusSupport
import Server

/// A federated run that applied fewer rounds than asked: the command exits
/// non-zero with this one-line summary, so a run whose rounds all aborted never
/// looks like a success to an operator or a service manager.
struct RunShortfall: Error, CustomStringConvertible {
    let description: String

    /// The shortfall of a run asked for `asked` rounds that applied `applied`, or nil when it applied them all.
    /// - Parameters:
    ///   - started: rounds the run started over all its restarts (applied, aborted or cut by a restart).
    ///   - rounds: the rounds this process ran, for the abort reasons.
    ///   - stopReason: why the run stopped before `asked` rounds were started, if it did.
    init?(asked: Int, applied: Int, started: Int, rounds: [RoundSummary], stopReason: String?) {
        guard applied < asked else { return nil }
        var reasons: [String] = []
        var aborted = 0
        for summary in rounds {
            if case .aborted(let reason) = summary.outcome {
                aborted += 1
                if !reasons.contains(reason) { reasons.append(reason) }
            }
        }
        var text = "applied \(applied) of \(Plural.count(asked, "round"))"
        if aborted > 0 {
            text += "; \(aborted) aborted (\(reasons.joined(separator: "; ")))"
        }
        let earlier = started - applied - aborted
        if earlier > 0 { text += "; \(Plural.count(earlier, "round")) aborted or cut short by a restart before this process" }
        if let stopReason { text += "; stopped: \(stopReason)" }
        if applied == 0 { text += "; no model was trained" }
        description = text
    }
}
