import ArgumentParser
import Foundation
import ML

/// `chorus predict --model M AUDIO...`: the genre of each audio file, from the
/// mean class probabilities over its 3 s segments.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the genre of audio files with a saved model.",
        discussion: """
        Example:
          chorus predict --model model.chorus song.wav other.flac
        """
    )

    @Option(help: "Model file written by `chorus train` or a federation.")
    var model: String

    @Argument(help: "Audio files (any format libsndfile reads, at least 3 s long).")
    var audio: [String]

    @OptionGroup var encoderOptions: EncoderOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !audio.isEmpty else { throw ValidationError("Name at least one audio file.") }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.predict")
        let saved = try ModelFile.load(from: URL(fileURLWithPath: model))
        // Audio goes through the front end the model was trained on (an old model's too).
        let extractor = FeatureExtractor(parameters: saved.features)
        let encoder = try encoderOptions.encoder(for: saved.network.architecture, modelPath: model)
        // Everything is computed before anything is printed, so a bad file leaves stdout empty.
        var predictions: [(file: String, segments: Int, probabilities: [Float])] = []
        for file in audio {
            let segments: Int, probabilities: [Float]
            if let encoder {
                let rows = try encoder.embeddingRows(of: URL(fileURLWithPath: file),
                                                    threads: ProcessInfo.processInfo.activeProcessorCount).get()
                segments = rows.count / AudioEncoder.embeddingSize
                probabilities = try Evaluator.meanProbabilities(saved.network, segments: rows, melBands: 1, frames: AudioEncoder.embeddingSize)
            } else {
                let samples = try extractor.decode(URL(fileURLWithPath: file))
                segments = try Segmentation.requireSegments(sampleCount: samples.count, path: file)
                probabilities = try Evaluator.meanProbabilities(saved.network, segments: extractor.features(of: samples),
                                                                melBands: FeatureExtractor.melBands, frames: FeatureExtractor.frames)
            }
            logger.debug("predicted", metadata: ["file": "\(file)", "segments": "\(segments)"])
            predictions.append((file, segments, probabilities))
        }
        let names = saved.labelNames
        if output.json {
            try output.printJSON(["predictions": predictions.map { prediction -> [String: Any] in
                let best = Self.argmax(prediction.probabilities)
                return ["file": prediction.file, "genre": names[best], "segments": prediction.segments,
                        "probabilities": Dictionary(uniqueKeysWithValues: zip(names, prediction.probabilities.map(Double.init)))]
            }])
        } else {
            for prediction in predictions {
                let ranked = zip(names, prediction.probabilities).sorted { $0.1 > $1.1 }
                let list = ranked.map { "\($0.0) \(TrainCommand.percent(Double($0.1)))" }.joined(separator: ", ")
                print("\(prediction.file): \(ranked[0].0)  (\(prediction.segments) segments; \(list))")
            }
        }
    }

    private static func argmax(_ values: [Float]) -> Int {
        values.indices.max { values[$0] < values[$1] } ?? 0
    }
}
