import Foundation
import Logging

extension FeatureExtractor {
    /// Decodes every clip of the labelled folder `directory` (see
    /// `AudioDataset`) and computes its log-mel segments with `parameters`,
    /// on `threads` threads.
    ///
    /// A file that is empty, not audio, truncated, corrupt or shorter than one
    /// 3 s segment is skipped and reported with its reason; nothing else is lost.
    /// Clips and segments come out in the dataset's order whatever the thread count.
    /// - Parameters:
    ///   - threads: worker threads (at least 1), e.g. the number of cores.
    ///   - progress: called from worker threads after each clip.
    /// - Throws: `AudioError.missingDirectory`, `.unreadableDirectory`, `.noClips`,
    ///   or `.noSegments` when every clip was skipped.
    public static func extract(from directory: URL, parameters: FeatureParameters = .standard, threads: Int,
                               logger: Logger, progress: Progress? = nil) throws(AudioError) -> FeatureExtractionResult {
        let dataset = try AudioDataset(directory: directory)
        let extractor = FeatureExtractor(parameters: parameters)
        let total = dataset.clips.count
        logger.info("extracting features", metadata: [
            "data.root": "\(dataset.root.path)", "data.clips": "\(total)", "threads": "\(threads)",
            "features": "\(parameters)",
        ])
        let outcomes = extractor.parallelMap(count: total, threads: threads, progress: progress) { index, workspace in
            extractor.features(of: dataset.clips[index].url, workspace: workspace)
        }
        return try assemble(dataset, outcomes: outcomes, logger: logger, directory: directory, parameters: parameters)
    }

    /// One clip's segments, or why it has none.
    private func features(of url: URL, workspace: Workspace) -> Result<[Float], AudioError> {
        do {
            let samples = try decode(url)
            _ = try Segmentation.requireSegments(sampleCount: samples.count, path: url.path)
            return .success(features(of: samples, workspace: workspace))
        } catch {
            return .failure(error)
        }
    }

    /// Concatenates the clips' rows (`melBands × frames` floats each: log-mel segments, or the encoder's
    /// 1 × 1706 embeddings) in dataset order and lists the skipped files.
    static func assemble(_ dataset: AudioDataset, outcomes: [Result<[Float], AudioError>], logger: Logger,
                         directory: URL, parameters: FeatureParameters,
                         melBands: Int = melBands, frames: Int = frames) throws(AudioError) -> FeatureExtractionResult {
        var values: [Float] = []
        var labels: [Int32] = []
        var clipIndices: [Int32] = []
        var clips: [String] = []
        var skipped: [FeatureExtractionResult.SkippedFile] = []
        values.reserveCapacity(outcomes.reduce(0) { total, outcome in
            if case .success(let clipValues) = outcome { return total + clipValues.count }
            return total
        })
        for (clip, outcome) in zip(dataset.clips, outcomes) {
            switch outcome {
            case .success(let clipValues):
                let segments = clipValues.count / (melBands * frames)
                values += clipValues
                labels += repeatElement(Int32(clip.label), count: segments)
                clipIndices += repeatElement(Int32(clips.count), count: segments)
                clips.append(clip.id)
            case .failure(let error):
                logger.debug("skipped clip", metadata: ["clip": "\(clip.id)", "reason": "\(error)"])
                skipped.append(.init(clip: clip.id, error: error))
            }
        }
        guard !clips.isEmpty else { throw .noSegments(path: directory.path, skipped: skipped.count) }
        let set = FeatureSet(labelNames: dataset.labelNames, melBands: melBands, frames: frames, values: values,
                             labels: labels, clipIndices: clipIndices, clips: clips, parameters: parameters)
        return FeatureExtractionResult(features: set, skipped: skipped, clipsFound: dataset.clips.count)
    }
}
