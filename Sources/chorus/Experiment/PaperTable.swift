import Foundation

/// The paper experiment's rows as a Markdown table and as JSON.
enum PaperTable {
    static func markdown(_ rows: [PaperExperiment.Row], data: String, settings: PaperExperiment.Settings) -> String {
        var lines = [
            "| model | participants | rounds | train acc (segment / clip) | test acc (segment / clip) | epsilon (delta \(settings.delta)) | wall time |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in rows {
            lines.append("| \(row.name) | \(row.participants.map(String.init) ?? "-") | \(row.rounds.map(String.init) ?? "-") | "
                + "\(percent(row.train.segmentAccuracy)) / \(percent(row.train.clipAccuracy)) | "
                + "\(percent(row.test.segmentAccuracy)) / \(percent(row.test.clipAccuracy)) | "
                + "\(row.epsilon.map { String(format: "%.2f", $0) } ?? "-") | \(String(format: "%.0f s", row.seconds)) |")
        }
        lines.append("")
        lines.append("Data: \(data); split by clip with seed \(settings.seed) (70% train, 10% validation, 20% test). "
            + "Centralized: default CNN, Adam 1e-3, batch 32, at most \(settings.centralizedEpochs) epochs, early stopping "
            + "(patience 6). Federated: FedAvg with secure aggregation over mutual TLS 1.3, every participant each round, "
            + "\(settings.localEpochs) local epochs of SGD (lr 0.05, momentum 0.9, batch 16), \(settings.federatedRounds) rounds. "
            + "DP: distributed discrete Gaussian, clip 1, noise calibrated for epsilon <= \(settings.targetEpsilon) by PLD over "
            + "\(settings.privateRounds) rounds, \(settings.privateParticipants) participants.")
        return lines.joined(separator: "\n")
    }

    static func json(_ rows: [PaperExperiment.Row], data: String, settings: PaperExperiment.Settings) -> [String: Any] {
        [
            "data": data, "seed": settings.seed, "delta": settings.delta, "target_epsilon": settings.targetEpsilon,
            "centralized_epochs": settings.centralizedEpochs, "federated_rounds": settings.federatedRounds,
            "local_epochs": settings.localEpochs, "private_rounds": settings.privateRounds,
            "rows": rows.map { row -> [String: Any] in
                var object: [String: Any] = [
                    "model": row.name, "seconds": row.seconds,
                    "train_segment_accuracy": row.train.segmentAccuracy, "train_clip_accuracy": row.train.clipAccuracy,
                    "test_segment_accuracy": row.test.segmentAccuracy, "test_clip_accuracy": row.test.clipAccuracy,
                ]
                if let epsilon = row.epsilon { object["epsilon"] = epsilon }
                if let rounds = row.rounds { object["rounds"] = rounds }
                if let participants = row.participants { object["participants"] = participants }
                return object
            },
        ]
    }

    private static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", 100 * value)
    }
}
