import Federation
import Foundation
import Server

/// The per-round table `simulate` and `coordinator run` print, and its JSON form.
enum RoundTable {
    static let header = "round  sampled  survivors  test_acc  fed_acc  epsilon   seconds  outcome"

    /// What the "fed_acc" column means, printed above the table of a run whose participants evaluate.
    static func federatedLegend(_ evaluation: FederatedEvaluation, noiseMultiplier: Double) -> String {
        let noise = noiseMultiplier > 0
            ? String(format: "noised: std %.3g clips per class count, accounted in epsilon", evaluation.noiseRatio * noiseMultiplier * evaluation.sensitivity)
            : "not noised: DP is off"
        return "fed_acc: federated accuracy of the model each round started from, on the participants' held-out clips "
            + "(at most \(evaluation.maximumClips) each; \(noise); n/a: the noised clip count is below 1)"
    }

    static func row(_ summary: RoundSummary) -> String {
        func number(_ value: Double?, _ format: String) -> String {
            value.map { String(format: format, $0) } ?? "-"
        }
        let outcome: String
        switch summary.outcome {
        case .completed: outcome = "ok"
        case .aborted(let reason): outcome = "aborted: \(reason)"
        }
        return [String(summary.round).padding(5), String(summary.sampled).padding(7), String(summary.survivors).padding(9),
                number(summary.testAccuracy, "%.4f").padding(8), federated(summary.federated).padding(7),
                (summary.epsilon.map(significant) ?? "-").padding(8), String(format: "%.2f", summary.seconds).padding(7), outcome]
            .joined(separator: "  ")
    }

    /// The fed_acc cell: "-" without federated evaluation, "n/a" when the noised clip count is below one.
    static func federated(_ counts: NoisedEvaluationCounts?) -> String {
        guard let counts else { return "-" }
        return counts.accuracy.map { String(format: "%.4f", $0) } ?? "n/a"
    }

    /// `value` to 4 significant digits ("7.283", "12.47", "0.04012"), as tables print epsilon.
    static func significant(_ value: Double) -> String {
        String(format: "%.4g", value)
    }

    static func json(_ summary: RoundSummary) -> [String: Any] {
        var object: [String: Any] = [
            "round": summary.round, "sampled": summary.sampled, "survivors": summary.survivors,
            "seconds": summary.seconds,
            "stage_seconds": Dictionary(summary.stageSeconds.map { ($0.name, $0.seconds) }, uniquingKeysWith: +),
        ]
        switch summary.outcome {
        case .completed: object["outcome"] = "completed"
        case .aborted(let reason):
            object["outcome"] = "aborted"
            object["reason"] = reason
        }
        if let value = summary.testAccuracy { object["test_accuracy"] = value }
        if let value = summary.testLoss { object["test_loss"] = value }
        if let value = summary.epsilon { object["epsilon"] = value }
        if let federated = summary.federated {
            var evaluation: [String: Any] = ["clips": federated.clips, "correct": federated.correct, "total": federated.total,
                                             "model": "model_before", "noised": true]
            if let accuracy = federated.accuracy {
                evaluation["accuracy"] = accuracy
                object["federated_accuracy"] = accuracy
            }
            object["federated_evaluation"] = evaluation
        }
        return object
    }
}

private extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
