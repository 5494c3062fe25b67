import ChorusSupport
import Foundation
import ML

/// The paper experiment's rows as a Markdown table and as JSON, each with the
/// configuration that produced them.
enum PaperTable {
    static func markdown(_ rows: [PaperExperiment.Row], data: String, heldout: [String], settings: PaperExperimentSettings,
                         noiseMultiplier: Double?) -> String {
        let heldoutColumns = heldout.map { " held-out \($0) (segment / clip) |" }.joined()
        var lines = [
            "| model | participants | rounds | train acc (segment / clip) | test acc (segment / clip) |\(heldoutColumns) "
                + "epsilon (delta \(settings.delta)) | wall time |",
            "|---|---|---|---|---|" + String(repeating: "---|", count: heldout.count) + "---|---|",
        ]
        for row in rows {
            lines.append("| \(row.name) | \(row.participants.map(String.init) ?? "-") | \(row.rounds.map(String.init) ?? "-") | "
                + "\(percent(row.train.segmentAccuracy)) / \(percent(row.train.clipAccuracy)) | "
                + "\(percent(row.test.segmentAccuracy)) / \(percent(row.test.clipAccuracy)) | "
                + row.heldout.map { "\(percent($0.segmentAccuracy)) / \(percent($0.clipAccuracy)) | " }.joined()
                + "\(row.epsilon.map { String(format: "%.2f", $0) } ?? "-") | \(String(format: "%.0f s", row.seconds)) |")
        }
        lines.append("")
        lines.append(configuration(data: data, settings: settings, noiseMultiplier: noiseMultiplier))
        if !heldout.isEmpty {
            lines.append("")
            lines.append("Held-out columns: each row trained again on the whole of \(data) (the centralized rows keep 10% of "
                + "the clips, by clip, for early stopping; the federated rows deal all of it), then scored on each held-out "
                + "folder, decoded through the same front end.")
        }
        return lines.joined(separator: "\n")
    }

    /// The configuration paragraph under the table.
    static func configuration(data: String, settings s: PaperExperimentSettings, noiseMultiplier: Double?) -> String {
        let architecture = "CNN \(s.architecture.summary) (\(s.architecture.parameterCount) parameters)"
        let schedule = s.cosineFloor.map { "cosine decay of the local rate over the rounds to \(format($0)) of it" }
            ?? "constant local rate"
        let rows = Set(s.rows)
        var text = "Data: \(data), log-mel features with \(s.features); split by clip with seed \(s.seed) "
            + "(70% train, 10% validation, 20% test). "
            + "Clip accuracy is the majority of the clip's segment predictions."
        if rows.contains(.centralized) {
            text += " Centralized: \(architecture), Adam 1e-3, batch 32, at most \(s.centralizedEpochs) epochs, early stopping on "
                + "validation loss (patience 6)\(s.centralizedAugmentation ? ", " + augmentationText : "")."
        }
        if rows.contains(.centralizedPrivateModel) {
            text += " Centralized, DP row's model: \(privateModel(s.privateArchitecture)), trained as the centralized row is "
                + "(same optimizer, epochs and early stopping), without noise or federation: what DP costs that model."
        }
        if !rows.isDisjoint(with: [.iid, .scaled, .noniid]) {
            text += " Federated without DP: FedAvg with secure aggregation (\(s.secureAggregationGraph.name) graph) over mutual TLS 1.3, "
                + "\(s.participants) participants, all in every round, \(s.federatedRounds) rounds of \(s.localEpochs) local epochs "
                + "of \(s.localRule == .adam ? "Adam (fresh moments each round, " : "SGD (")lr \(format(s.localLearningRate))"
                + "\(s.localRule == .adam ? "" : ", momentum \(format(s.localMomentum))"), batch \(s.localBatch)), \(schedule), "
                + "server learning rate \(format(s.serverLearningRate)) and momentum \(format(s.serverMomentum))"
                + "\(s.federatedAugmentation ? ", " + augmentationText : ""); \(architecture)."
        }
        if rows.contains(.scaled) {
            text += " 25% scaling: the same CNN shape on inputs downscaled to 64x65 (2x2 average pooling of the log-mel image)."
        }
        if rows.contains(.noniid) { text += " Non-IID: clips dealt by Dirichlet(\(s.dirichletAlpha)) over labels." }
        if rows.contains(.dp) {
            text += " DP: secure aggregation (\(s.secureAggregationGraph.name) graph), \(s.privateParticipants) participants (holding segments when there are more participants than clips; "
                + "the split stays by clip), all in every round (sampling rate 1), \(s.privateRounds) rounds; distributed discrete "
                + "Gaussian with clip norm \(format(s.privateClipNorm)) and noise multiplier "
                + "\(noiseMultiplier.map { String(format: "%.3f", $0) } ?? "-") calibrated for epsilon <= "
                + "\(format(s.targetEpsilon)) at delta \(s.delta) as the coordinator accounts the rounds (RDP of the discrete Gaussian sum) "
                + "when only the noise shares of \(format(100 * s.privateSurvivorFraction))% "
                + "of the participants arrive (a round with fewer survivors is discarded); the model is "
                + "\(privateModel(s.privateArchitecture)), "
            switch s.privateContribution {
            case .modelUpdate:
                text += "\(s.privateLocalEpochs) local epochs of SGD "
                    + "(lr \(format(s.privateLearningRate)), momentum \(format(s.localMomentum)), batch \(s.localBatch)), \(schedule), "
                    + "server learning rate \(format(s.privateServerLearningRate)), no augmentation."
            case .classStatistics:
                text += "built by the coordinator as the cosine nearest-class-mean classifier (the class mean nearest in angle) of the noised sum of the participants' class "
                    + "statistics (per class: the sum of the segments' features scaled to norm at most 1; no counts; "
                    + "each participant's whole release clipped), no local training."
            }
        }
        return text
    }

    static func json(_ rows: [PaperExperiment.Row], data: String, heldout: [String], settings s: PaperExperimentSettings,
                     noiseMultiplier: Double?) -> [String: Any] {
        var configuration: [String: Any] = [
            "architecture": s.architecture.summary, "parameters": s.architecture.parameterCount,
            "centralized_epochs": s.centralizedEpochs, "centralized_augmentation": s.centralizedAugmentation,
            "participants": s.participants, "federated_rounds": s.federatedRounds, "local_epochs": s.localEpochs,
            "local_optimizer": s.localRule.rawValue, "local_learning_rate": s.localLearningRate, "local_momentum": s.localMomentum, "local_batch": s.localBatch,
            "server_learning_rate": s.serverLearningRate, "server_momentum": s.serverMomentum,
            "federated_augmentation": s.federatedAugmentation, "dirichlet_alpha": s.dirichletAlpha,
            "private_participants": s.privateParticipants, "private_rounds": s.privateRounds, "private_dp_mode": s.privateContribution.rawValue,
            "private_clip_norm": s.privateClipNorm, "private_survivor_fraction": s.privateSurvivorFraction,
            "private_architecture": s.privateArchitecture.summary,
            "private_parameters": s.privateArchitecture.parameterCount, "private_local_epochs": s.privateLocalEpochs,
            "private_learning_rate": s.privateLearningRate, "private_server_learning_rate": s.privateServerLearningRate,
            "target_epsilon": s.targetEpsilon, "delta": s.delta, "sampling_rate": 1.0,
            "secure_aggregation_graph": s.secureAggregationGraph.name, "front_end": s.features.description,
        ]
        if let floor = s.cosineFloor { configuration["cosine_floor"] = floor }
        if let noiseMultiplier { configuration["noise_multiplier"] = noiseMultiplier }
        return [
            "data": data, "seed": s.seed, "delta": s.delta, "target_epsilon": s.targetEpsilon,
            "centralized_epochs": s.centralizedEpochs, "federated_rounds": s.federatedRounds,
            "local_epochs": s.localEpochs, "private_rounds": s.privateRounds, "configuration": configuration,
            "rows": rows.map { row -> [String: Any] in
                var object: [String: Any] = [
                    "row": row.kind.rawValue, "model": row.name, "seconds": row.seconds,
                    "train_segment_accuracy": row.train.segmentAccuracy, "train_clip_accuracy": row.train.clipAccuracy,
                    "test_segment_accuracy": row.test.segmentAccuracy, "test_clip_accuracy": row.test.clipAccuracy,
                ]
                if let epsilon = row.epsilon { object["epsilon"] = epsilon }
                if let rounds = row.rounds { object["rounds"] = rounds }
                if let participants = row.participants { object["participants"] = participants }
                if !row.heldout.isEmpty {
                    object["heldout"] = zip(heldout, row.heldout).map { path, evaluation -> [String: Any] in
                        ["data": path, "segment_accuracy": evaluation.segmentAccuracy, "clip_accuracy": evaluation.clipAccuracy]
                    }
                }
                return object
            },
        ]
    }

    /// The DP row's model in words: what its front end computes and how small it is.
    private static func privateModel(_ model: Architecture) -> String {
        let size = "\(model.summary) (\(model.parameterCount) parameters)"
        switch model.frontEnd {
        case .image:
            return "a small CNN \(size) on the log-mel image resized to \(model.inputHeight)x\(model.inputWidth) (average pooling)"
        case .bandStatistics:
            return "\(model.denseWidth == 0 ? "a linear classifier" : "a dense network") on per-band statistics of the log-mel "
                + "segment, \(size): for each group of mel bands the mean, spread, mean absolute frame-to-frame change and its "
                + "spread over time, each profile standardized across the bands within the segment (fixed features computed "
                + "from one segment alone, so they cost no privacy)"
        case .embedding(let digest), .penultimateEmbedding(let digest):
            let input = model.frontEnd == .embedding(encoderDigest: digest) ? "embeddings" : "penultimate layer (200 values)"
            return "\(model.denseWidth == 0 ? "a linear" : "an MLP") head \(size) on the frozen musicnn encoder's \(input) "
                + "(encoder \(Hex.encode(digest.prefix(8))))"
        }
    }

    private static let augmentationText = "augmentation: random circular time shifts up to half a segment and "
        + "SpecAugment (two time masks of a tenth of the frames, two frequency masks of a tenth of the mel bands)"

    private static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", 100 * value)
    }

    private static func format(_ value: some BinaryFloatingPoint) -> String {
        String(format: "%g", Double(value))
    }
}
