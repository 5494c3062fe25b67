import ArgumentParser
import Foundation
import ML

/// `chorus evaluate`: a saved model on labelled clips: segment and clip
/// accuracy, confusion matrix, per-genre precision, recall and F1.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a saved model on labelled clips (segment and clip accuracy, confusion, per-genre F1).",
        discussion: """
        Examples:
          chorus evaluate --model model.chorus --data heldout
          chorus evaluate --model model.chorus --features heldout.features --json
        """
    )

    @Option(help: "Model file written by `chorus train` or a federation.")
    var model: String

    @OptionGroup var input: FeatureInputOptions
    @OptionGroup var encoderOptions: EncoderOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.evaluate")
        let saved = try ModelFile.load(from: URL(fileURLWithPath: model))
        let encoder = try encoderOptions.encoder(for: saved.network.architecture, modelPath: model)
        let data: FeatureSet
        if let encoder {
            data = try EncoderOptions.embeddings(of: input, encoder: encoder, logger: logger)
        } else {
            // Audio is extracted with the model's front end; a feature file must have been made with it.
            let loaded = try input.load(parameters: saved.features, logger: logger)
            try loaded.requireParameters(saved.features, role: "the features of \(input.features ?? input.data ?? "")")
            // A model on the 25%-scaled input gets the features halved, as it was trained.
            data = loaded.resized(for: saved.network.architecture)
        }
        guard data.labelNames == saved.labelNames else {
            throw MLError.featureMismatch(reason: "the features' genres \(data.labelNames) differ from the model's \(saved.labelNames)")
        }
        let evaluation = try Evaluator.evaluate(saved.network, on: data)
        if output.json {
            try output.printJSON([
                "segment_accuracy": evaluation.segmentAccuracy,
                "clip_accuracy": evaluation.clipAccuracy,
                "loss": evaluation.loss,
                "segments": evaluation.segments,
                "clips": evaluation.clips,
                "genres": evaluation.labelNames,
                "confusion_matrix": evaluation.confusion,
                "clip_confusion_matrix": evaluation.clipConfusion,
                "per_genre": evaluation.perGenre.map {
                    ["genre": $0.name, "precision": $0.precision, "recall": $0.recall, "f1": $0.f1, "support": $0.support]
                },
            ])
        } else {
            print(Self.render(evaluation))
        }
    }

    static func render(_ e: Evaluation) -> String {
        let names = e.labelNames
        let width = max(8, (names.map(\.count).max() ?? 0) + 1)
        func pad(_ text: String, _ size: Int) -> String { String(repeating: " ", count: max(0, size - text.count)) + text }
        var lines = [
            "\(e.segments) segments of \(e.clips) clips, loss \(TrainCommand.fixed(e.loss, 4))",
            "segment accuracy \(TrainCommand.percent(e.segmentAccuracy)), clip accuracy (majority vote) \(TrainCommand.percent(e.clipAccuracy))",
            "",
            "confusion (rows: true genre, columns: predicted; segments)",
            pad("", width) + names.map { pad(String($0.prefix(6)), 7) }.joined(),
        ]
        for (row, name) in zip(e.confusion, names) {
            lines.append(pad(name, width) + row.map { pad(String($0), 7) }.joined())
        }
        lines += ["", pad("genre", width) + pad("precision", 11) + pad("recall", 9) + pad("F1", 8) + pad("support", 9)]
        for g in e.perGenre {
            lines.append(pad(g.name, width) + pad(TrainCommand.fixed(g.precision, 3), 11) + pad(TrainCommand.fixed(g.recall, 3), 9)
                         + pad(TrainCommand.fixed(g.f1, 3), 8) + pad(String(g.support), 9))
        }
        return lines.joined(separator: "\n")
    }
}
