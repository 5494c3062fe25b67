import ArgumentParser
import ChorusSupport
import Foundation
import ML

/// `chorus features --data DIR --out FILE`: the feature cache of a labelled
/// folder; `chorus features --wav FILE --npy OUT.npy`: one file's segments as
/// a NumPy array for comparisons.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Compute log-mel features: a folder into a feature cache, or one file into a .npy.",
        discussion: """
        --data DIR --out FILE decodes every clip of DIR (ROOT/<label>/<audio files>, or the GTZAN layout) \
        on all cores and writes the feature cache FILE; unusable files are skipped and reported. \
        --wav FILE --npy OUT.npy writes the segments of one audio file as float32 [segments, 128, 130]. \
        --mel-fmax and --band-limit choose the front end (default: mel bands up to 8000 Hz, every file \
        low-passed at 7200 Hz, so 16, 22.05 and 44.1 kHz files give the same features); the cache records them.

        Examples:
          chorus features --data corpus --out corpus.features
          chorus features --wav clip.wav --npy clip.npy
        """
    )

    @Option(help: "Labelled audio folder to extract (with --out).")
    var data: String?

    @Option(help: "Feature cache file to write (with --data).")
    var out: String?

    @Option(help: "One audio file to extract (with --npy).")
    var wav: String?

    @Option(help: "NumPy file to write the segments of --wav to.")
    var npy: String?

    @Option(parsing: .unconditional, help: "Worker threads for --data (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Encoder file (from `chorus encoder import`): with --data, cache its per-patch embeddings (1 × \(AudioEncoder.embeddingSize) rows) instead of log-mel segments.")
    var encoder: String?

    @OptionGroup var frontEnd: FeatureParameterOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        switch (data, out, wav, npy) {
        case (.some, .some, nil, nil), (nil, nil, .some, .some):
            break
        default:
            throw ValidationError("Pass either --data DIR --out FILE or --wav FILE --npy OUT.npy.")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1.") }
    }

    func run() throws {
        let logger = logging.makeLogger(label: "chorus.features")
        let parameters = try frontEnd.parameters()
        if let data, let out {
            let start = ContinuousClock.now
            let bar = ProgressBar(label: "features")
            let folder = URL(fileURLWithPath: data)
            let result = try encoder.map { path in
                try AudioEncoder(EncoderFile.load(from: URL(fileURLWithPath: path)))
                    .extract(from: folder, threads: threads, logger: logger, progress: bar.update)
            } ?? FeatureExtractor.extract(from: folder, parameters: parameters, threads: threads, logger: logger, progress: bar.update)
            try FeatureCache.write(result.features, to: URL(fileURLWithPath: out))
            let seconds = (ContinuousClock.now - start).seconds
            for skip in result.skipped {
                logger.warning("skipped file", metadata: ["clip": "\(skip.clip)", "reason": "\(skip.error)"])
            }
            try printSummary(result, out: out, seconds: seconds)
        } else if let wav, let npy {
            let url = URL(fileURLWithPath: wav)
            let extractor = FeatureExtractor(parameters: parameters)
            let samples = try extractor.decode(url)
            let count = try Segmentation.requireSegments(sampleCount: samples.count, path: wav)
            let values = extractor.features(of: samples)
            try NumPyFile.write(values, shape: [count, FeatureExtractor.melBands, FeatureExtractor.frames],
                                to: URL(fileURLWithPath: npy))
            if output.json {
                try output.printJSON(["segments": count, "out": npy])
            } else {
                print("\(count) segments of \(wav) -> \(npy)")
            }
        }
    }

    private func printSummary(_ result: FeatureExtractionResult, out: String, seconds: Double) throws {
        let set = result.features
        if output.json {
            try output.printJSON([
                "clips": set.clips.count, "segments": set.count, "clips_found": result.clipsFound,
                "skipped": result.skipped.map { ["clip": $0.clip, "reason": "\($0.error)"] },
                "labels": set.labelNames, "seconds": seconds, "out": out, "front_end": "\(set.parameters)",
            ])
            return
        }
        print("""
        features: \(set.clips.count) clips, \(set.count) segments, \(set.labelNames.count) labels, \
        \(result.skipped.count) skipped, \(String(format: "%.1f", seconds)) s (\(set.parameters)) -> \(out)
        """)
        for skip in result.skipped { print("  skipped \(skip.clip): \(skip.error)") }
    }
}
