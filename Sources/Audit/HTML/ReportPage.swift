import Foundation

/// One self-contained HTML page for a privacy report: the verdict, the run's
/// parameters, charts of accuracy, epsilon and survivors per round, and a
/// table of rounds. No scripts, no external resources.
public enum ReportPage {
    /// The page for a verified report.
    /// - Parameter source: the report's file name, shown in the title.
    public static func render(_ verification: ReportVerification, source: String) -> String {
        let rounds = verification.rounds
        let ids = rounds.map { Double($0.round) }
        var body = "<h1>Chorus privacy report</h1><p class=\"source\">\(HTMLText.escape(source))</p>"
        body += verdict(verification)
        if let run = verification.run { body += parameters(run) }
        body += "<div class=\"charts\">"
        body += SVGChart(title: "Test accuracy per round", xLabel: "round", x: ids, series: [
            .init(name: "test accuracy", color: "#1f77b4", values: rounds.map { $0.testAccuracy ?? .nan }),
        ]).render()
        body += SVGChart(title: "Epsilon spent (delta \(verification.run.map { "\($0.privacy.delta)" } ?? "?"))",
                         xLabel: "round", x: ids, series: [
            .init(name: "epsilon (RDP)", color: "#ff7f0e", values: rounds.map(\.privacy.epsilonRDP)),
        ]).render()
        body += SVGChart(title: "Participants per round", xLabel: "round", x: ids, series: [
            .init(name: "sampled", color: "#9ecae1", values: rounds.map { Double($0.sampled.count) }, bars: true),
            .init(name: "survivors", color: "#2ca02c", values: rounds.map { Double($0.survivors.count) }, bars: true),
        ]).render()
        body += "</div>" + table(rounds)
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
            return "<div class=\"verdict invalid\" id=\"verdict\">NOT VALID: \(HTMLText.escape(problem.description)). "
                + "\(verification.records) records checked before it.</div>"
        }
        return "<div class=\"verdict valid\" id=\"verdict\">VALID: all \(verification.records) records are signed, "
            + "chained, within budget, and epsilon recomputes exactly.</div>"
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

    private static func table(_ rounds: [ReportRoundRecord]) -> String {
        var html = "<h2>Rounds</h2><table class=\"rounds\"><tr><th>round</th><th>sampled</th><th>survivors</th>"
            + "<th>q</th><th>effective z</th><th>test accuracy</th><th>test loss</th>"
            + "<th>epsilon (RDP)</th><th>epsilon (PLD)</th><th>model after</th></tr>"
        for round in rounds {
            let missing = round.interruption == nil ? "-" : "not applied"
            let cells = [
                "\(round.round)", "\(round.sampled.count)", "\(round.survivors.count)",
                String(format: "%.4g", round.privacy.samplingRate), String(format: "%.4g", round.privacy.effectiveNoiseMultiplier),
                round.testAccuracy.map { String(format: "%.4f", $0) } ?? missing,
                round.testLoss.map { String(format: "%.4f", $0) } ?? missing, String(format: "%.4g", round.privacy.epsilonRDP),
                round.privacy.epsilonPLD.map { String(format: "%.4g", $0) } ?? missing,
                round.interruption.map { "unchanged: \($0)" } ?? String(round.modelAfter.prefix(12)),
            ]
            html += "<tr>" + cells.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    private static let style = """
    body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
    .verdict{padding:1em;border-radius:6px;font-weight:600;margin:1em 0}
    .valid{background:#e3f5e1;border:1px solid #2ca02c}.invalid{background:#fde2e1;border:1px solid #d62728}
    table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}
    .charts{display:flex;flex-wrap:wrap;gap:1em}.chart{border:1px solid #eee}
    .title{font-size:14px;font-weight:600}.tick{font-size:11px;fill:#555}.legend{font-size:12px}
    .source{color:#666}
    """
}
