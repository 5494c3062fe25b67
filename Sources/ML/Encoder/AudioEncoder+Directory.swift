import Foundation
import Logging

extension AudioEncoder {
    /// The embeddings of every clip of a labelled folder (as `FeatureExtractor.extract` lists it), one
    /// 1 × `embeddingSize` row per 3-s patch, on `threads` threads, each embedding whole clips with
    /// single-threaded products while more than one runs; unreadable or too short clips are skipped and reported.
    /// - Throws: `AudioError` for a missing or empty folder, or when no clip gives a patch.
    public func extract(from directory: URL, threads: Int, logger: Logger,
                        progress: FeatureExtractor.Progress? = nil) throws(AudioError) -> FeatureExtractionResult {
        let dataset = try AudioDataset(directory: directory)
        logger.info("embedding clips", metadata: [
            "data.root": "\(dataset.root.path)", "data.clips": "\(dataset.clips.count)", "threads": "\(threads)",
            "encoder": "\(digest.prefix(16))",
        ])
        func embedAll() -> [Result<[Float], AudioError>] {
            FeatureExtractor().parallelMap(count: dataset.clips.count, threads: threads, progress: progress) { index, _ in
                embeddingRows(of: dataset.clips[index].url, threads: 1)
            }
        }
        let outcomes = threads > 1 && dataset.clips.count > 1 ? SingleThreadedProducts.run(embedAll) : embedAll()
        // The embeddings come from the encoder's own 16 kHz front end: the log-mel parameters
        // recorded with them are the standard ones, which they do not depend on.
        return try FeatureExtractor.assemble(dataset, outcomes: outcomes, logger: logger, directory: directory,
                                             parameters: .standard, melBands: 1, frames: Self.embeddingSize)
    }

    /// One clip's embeddings end to end, its patches on `threads` threads, or why it has none.
    public func embeddingRows(of url: URL, threads: Int) -> Result<[Float], AudioError> {
        let samples: [Float]
        do {
            samples = try Self.samples(of: url)
        } catch {
            return .failure(error)
        }
        let rows = embeddings(of: samples, threads: threads)
        guard !rows.isEmpty else {
            return .failure(.tooShort(path: url.path, seconds: Double(samples.count) / Double(Self.sampleRate),
                                      minimumSeconds: Double(Self.samplesPerPatch) / Double(Self.sampleRate)))
        }
        return .success(rows.flatMap { $0 })
    }
}
