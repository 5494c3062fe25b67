import ChorusSupport
import Foundation

/// One self-contained HTML page for a privacy report: the verdict, the run's
/// parameters, charts of accuracy, epsilon and survivors per round, and a
/// table of rounds. No scripts, no external resources.
public enum ReportPage {
    /// The page for a verified report.
    /// - Parameters:
    ///   - source: the report's file name, shown in the title.
    ///   - checkedKey: the coordinator key (hex) the auditor checked the signatures against;
    ///     nil when none was given and only the key the report names itself was used.
    public static func render(_ verification: ReportVerification, source: String, checkedKey: String? = nil) -> String {
        let rounds = verification.rounds
        let ids = rounds.map { Double($0.round) }
        var body = "<h1>Chorus privacy report</h1><p class=\"source\">\(HTMLText.escape(source))</p>"
        body += verdict(verification)
        body += "<p id=\"checked-key\">" + (checkedKey.map {
            "Signatures checked against the coordinator key <code>\(HTMLText.escape($0))</code>, given by the auditor."
        } ?? "Signatures checked only against the key the report names itself (no --coordinator-key given): "
            + "anyone can sign a report with a key of their own.") + "</p>"
        if let run = verification.run { body += parameters(run) }
        if let disclosed = verification.disclosedSample { body += disclosedSample(disclosed, last: rounds.last) }
        body += "<div class=\"charts\">"
        body += SVGChart(title: "Test accuracy per round", xLabel: "round", x: ids, series: [
            .init(name: "test accuracy", color: "#1f77b4", values: rounds.map { $0.testAccuracy ?? .nan }),
            .init(name: "federated accuracy (noised, start model)", color: "#17becf",
                  values: rounds.map { $0.federatedEvaluation?.accuracy ?? .nan }),
        ]).render()
        body += SVGChart(title: "Epsilon spent (delta \(verification.run.map { "\($0.privacy.delta)" } ?? "?"))",
                         xLabel: "round", x: ids, series: [
            .init(name: "epsilon (RDP)", color: "#ff7f0e", values: rounds.map(\.privacy.epsilonRDP)),
        ], limit: verification.run.flatMap { run in
            run.epsilonBudget.isFinite ? .init(name: "budget \(run.epsilonBudget)", value: run.epsilonBudget, color: "#7b1fa2") : nil
        }).render()
        body += SVGChart(title: "Participants per round", xLabel: "round", x: ids, series: [
            .init(name: "sampled", color: "#9ecae1", values: rounds.map { Double($0.sampled.count) }, bars: true),
            .init(name: "survivors", color: "#2ca02c", values: rounds.map { Double($0.survivors.count) }, bars: true),
        ]).render()
        body += "</div>" + table(rounds) + glossary
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>Chorus privacy report: \(HTMLText.escape(source))</title>
        <style>\(style)</style></head>
        <body>\(body)</body></html>
        """
    }

    private static func verdict(_ verification: ReportVerification) -> String {
        if let problem = verification.firstProblem {
            return "<div class=\"verdict invalid\" id=\"verdict\" role=\"alert\">NOT VALID: \(HTMLText.escape(problem.description)). "
                + "\(verification.records) records checked before it.</div>"
        }
        return "<div class=\"verdict valid\" id=\"verdict\">VALID: all \(verification.records) records are signed, "
            + "chained, within budget, and epsilon recomputes exactly.</div>"
    }

    /// Which epsilon holds against whom: the rounds' (amplified) figure for the model
    /// released alone, the disclosed-sample figure for readers of this report.
    private static func disclosedSample(_ disclosed: DisclosedSampleEpsilon, last: ReportRoundRecord?) -> String {
        let amplified = last.map { String(format: "%.4g", $0.privacy.epsilonRDP) } ?? "-"
        return "<p id=\"disclosed-sample\">Epsilon <b>\(amplified)</b> (the rounds' figure, with amplification by "
            + "sampling) holds for the model released alone. This report names every round's participants, so "
            + "against its readers, as against the coordinator, rounds count at sampling rate 1: epsilon <b>"
            + String(format: "%.4g", disclosed.epsilon) + "</b> for the most exposed participant (id "
            + "\(disclosed.participant), in \(Plural.count(disclosed.rounds, "round"))).</p>"
    }

    private static func parameters(_ run: ReportRunRecord) -> String {
        var rows: [(String, String)] = [
            ("coordinator key", run.coordinatorKey),
            ("unit of privacy", run.privacy.unitOfPrivacy),
            ("delta", "\(run.privacy.delta)"),
            ("epsilon budget", "\(run.epsilonBudget)"),
            ("accountant", run.accountant.rawValue),
            ("planned noise multiplier", "\(run.privacy.plannedNoiseMultiplier)"),
            ("ring bits", "\(run.privacy.bits)"),
            ("roster hash", run.rosterHash),
            ("software", "chorus \(run.softwareVersion)"),
            ("started", run.startedAt),
        ]
        if let quantization = run.quantization {
            rows.append(("clip norm C", "\(quantization.clipNorm)"))
            rows.append(("minimum noisy survivors t", "\(quantization.minimumSurvivors)"))
            rows.append(("assumed colluders c", "\(quantization.assumedColluders)"))
            rows.append(("quantization scale", "\(quantization.scale)"))
            rows.append(("ring bits of the masked vectors", "\(quantization.bits)"))
        }
        rows.append(("neighbouring relation", run.privacy.neighbouringRelation))
        rows.append(("released per round", run.privacy.releasedPerRound.joined(separator: "; ")))
        if let sampling = run.sampling {
            rows.append(("sampling", "\(sampling.mode), q = \(sampling.rate)"
                         + (sampling.sampleSize.map { ", \($0) per round" } ?? "") + " of a roster of \(sampling.rosterSize)"))
        }
        if let secure = run.secureAggregation {
            rows.append(("secure aggregation", "\(secure.graph) graph, \(secure.neighbours) neighbours, threshold \(secure.threshold)"))
        }
        return "<h2>Run</h2><table class=\"params\">"
            + rows.map { "<tr><th>\(HTMLText.escape($0.0))</th><td>\(HTMLText.escape($0.1))</td></tr>" }.joined()
            + "</table>"
    }

    /// A round's federated accuracy cell: "0.4375 (31)" (accuracy, noised clips), "n/a (0)", or "-" without.
    private static func federated(_ evaluation: FederatedEvaluationRecord?) -> String {
        guard let evaluation else { return "-" }
        let accuracy: String = evaluation.accuracy.map { String(format: "%.4f", $0) } ?? "n/a"
        return accuracy + String(format: " (%.0f)", evaluation.clips)
    }

    private static func table(_ rounds: [ReportRoundRecord]) -> String {
        var html = "<h2>Rounds</h2><table class=\"rounds\"><tr><th>round</th><th>sampled</th><th>survivors</th>"
            + "<th>q</th><th>effective z</th><th>test accuracy</th><th>test loss</th><th>federated accuracy (noised, clips)</th>"
            + "<th>epsilon (RDP)</th><th>epsilon (PLD)</th><th>model after</th></tr>"
        for round in rounds {
            let missing = round.interruption == nil ? "-" : "not applied"
            let cells = [
                "\(round.round)", "\(round.sampled.count)", "\(round.survivors.count)",
                String(format: "%.4g", round.privacy.samplingRate), String(format: "%.4g", round.privacy.effectiveNoiseMultiplier),
                round.testAccuracy.map { String(format: "%.4f", $0) } ?? missing,
                round.testLoss.map { String(format: "%.4f", $0) } ?? missing,
                federated(round.federatedEvaluation),
                String(format: "%.4g", round.privacy.epsilonRDP),
                round.privacy.epsilonPLD.map { String(format: "%.4g", $0) } ?? missing,
                round.interruption.map { "unchanged: \($0)" } ?? String(round.modelAfter.prefix(12)),
            ]
            html += "<tr>" + cells.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    /// The terms of the tables and charts, for an auditor who is not a DP specialist.
    private static let glossary = """
    <h2>Glossary</h2><dl id="glossary">
    <dt>effective z</dt><dd>The noise multiplier the round really had: the standard deviation of the noise in the \
    sum over the clip norm C, counting only the survivors' noise shares (fewer survivors than planned give less noise).</dd>
    <dt>wrapped</dt><dd>Coordinates of the quantized sum that overflowed the ring and wrapped around modulo \
    2<sup>ring bits</sup>; each one is a corrupted model coordinate, so this should stay 0 or near it.</dd>
    <dt>ring bits</dt><dd>The width of the integers the masked updates are summed in (modulo 2<sup>bits</sup>): secure \
    aggregation hides each update inside this ring.</dd>
    <dt>q</dt><dd>The sampling rate: the probability that a given participant took part in the round. Sampling \
    amplifies privacy only for someone who does not know who took part; this report lists them.</dd>
    <dt>PLD and RDP</dt><dd>Two ways of accounting epsilon over rounds: privacy loss distributions (PLD, tight) and \
    Rényi differential privacy (RDP, an upper bound); the budget is held to the run's accountant.</dd>
    <dt>epsilon, delta</dt><dd>The privacy guarantee: with probability at least 1 - delta, no participant's data \
    changes the probability of any outcome by more than a factor e<sup>epsilon</sup>.</dd>
    </dl>
    """

    private static let style = """
    body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
    .verdict{padding:1em;border-radius:6px;font-weight:600;margin:1em 0}
    .valid{background:#e3f5e1;border:1px solid #2ca02c}
    .invalid{background:#c62828;color:#fff;border:2px solid #8e0000;font-size:1.2em}
    dt{font-weight:600;margin-top:.5em}dd{margin-left:1.5em}
    table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}
    .charts{display:flex;flex-wrap:wrap;gap:1em}.chart{border:1px solid #eee}
    .title{font-size:14px;font-weight:600}.tick{font-size:11px;fill:#555}.legend{font-size:12px}
    .source{color:#666}
    """
}
