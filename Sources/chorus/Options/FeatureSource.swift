import ArgumentParser
import Foundation
import Logging
import ML

/// Reads `--data`/`--test-data`: a feature file (`chorus features --out`) or a
/// labelled audio folder, whose features are extracted (and cached in `cache`
/// when given, reused on the next run).
enum FeatureSource {
    /// A folder is extracted with `parameters`, or with `encoder` into its
    /// embeddings; a feature file keeps its own (with `encoder`, it must hold embeddings).
    static func load(_ path: String, cache: String?, parameters: FeatureParameters = .standard, encoder: AudioEncoder? = nil,
                     logger: Logger) throws -> FeatureSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AudioError.missingDirectory(path: path)
        }
        if let encoder {
            return try EncoderOptions.embeddings(cache: isDirectory.boolValue ? nil : path, folder: path, encoder: encoder,
                                                 threads: ProcessInfo.processInfo.activeProcessorCount, logger: logger)
        }
        if !isDirectory.boolValue { return try FeatureCache.read(from: URL(fileURLWithPath: path)) }
        if let cache, FileManager.default.fileExists(atPath: cache) {
            return try FeatureCache.read(from: URL(fileURLWithPath: cache))
        }
        let features = try FeatureInputOptions.extract(folder: path, parameters: parameters,
                                                       threads: ProcessInfo.processInfo.activeProcessorCount, logger: logger)
        if let cache { try FeatureCache.write(features, to: URL(fileURLWithPath: cache)) }
        return features
    }

    /// Splits `HOST:PORT`.
    static func endpoint(_ text: String, flag: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port), colon != text.startIndex else {
            throw ValidationError("\(flag) is '\(text)'; pass HOST:PORT, e.g. 127.0.0.1:7400.")
        }
        return (String(text[..<colon]), port)
    }
}
