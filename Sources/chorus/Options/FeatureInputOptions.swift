import ArgumentParser
import Foundation
import Logging
import ML

/// `--data DIR | --features FILE`: where a command's labelled segments come from,
/// a folder of audio decoded now or a feature cache written by `chorus features`.
struct FeatureInputOptions: ParsableArguments {
    @Option(help: "Labelled audio folder (ROOT/<genre>/<audio files>) to extract features from.")
    var data: String?

    @Option(help: "Feature cache written by `chorus features`.")
    var features: String?

    @Option(parsing: .unconditional, help: "Worker threads for feature extraction from --data (the default is the number of cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard (data == nil) != (features == nil) else {
            throw ValidationError("Pass exactly one of --data DIR or --features FILE.")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1.") }
    }

    /// Reads the cache or extracts the folder with `parameters`; skipped audio
    /// files are logged as warnings. A cache keeps the parameters it was made with.
    func load(parameters: FeatureParameters = .standard, logger: Logger) throws -> FeatureSet {
        if let features {
            return try FeatureCache.read(from: URL(fileURLWithPath: features))
        }
        return try Self.extract(folder: data ?? ".", parameters: parameters, threads: threads, logger: logger)
    }

    /// Extracts a labelled audio folder with a progress bar; skipped files are logged as warnings.
    static func extract(folder: String, parameters: FeatureParameters = .standard, threads: Int,
                        logger: Logger) throws -> FeatureSet {
        let result = try FeatureExtractor.extract(from: URL(fileURLWithPath: folder), parameters: parameters,
                                                  threads: threads, logger: logger,
                                                  progress: ProgressBar(label: "features").update)
        for skip in result.skipped {
            logger.warning("skipped file", metadata: ["clip": "\(skip.clip)", "reason": "\(skip.error)"])
        }
        return result.features
    }
}
