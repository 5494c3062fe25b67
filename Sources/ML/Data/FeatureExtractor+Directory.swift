import Foundation
import Logging
import Synchronization

extension FeatureExtractor {
    /// Progress of a folder extraction: clips finished so far and in all.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// Decodes every clip of the labelled folder `directory` (see
    /// `AudioDataset`) and computes its log-mel segments, on `threads` threads.
    ///
    /// A file that is empty, not audio, truncated, corrupt or shorter than one
    /// 3 s segment is skipped and reported with its reason; nothing else is lost.
    /// Clips and segments come out in the dataset's order whatever the thread count.
    /// - Parameters:
    ///   - threads: worker threads (at least 1), e.g. the number of cores.
    ///   - progress: called from worker threads after each clip.
    /// - Throws: `AudioError.missingDirectory`, `.unreadableDirectory`, `.noClips`,
    ///   or `.noSegments` when every clip was skipped.
    public static func extract(from directory: URL, threads: Int, logger: Logger,
                               progress: Progress? = nil) throws(AudioError) -> FeatureExtractionResult {
        let dataset = try AudioDataset(directory: directory)
        let extractor = FeatureExtractor()
        let total = dataset.clips.count
        let next = Mutex(0)
        let outcomes = Mutex(Outcomes(results: Array(repeating: nil, count: total), done: 0))
        logger.info("extracting features", metadata: [
            "data.root": "\(dataset.root.path)", "data.clips": "\(total)", "threads": "\(threads)",
        ])
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, total))) { _ in
            let workspace = Workspace()
            while true {
                let index = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < total else { return }
                let outcome = extractor.features(of: dataset.clips[index].url, workspace: workspace)
                let done = outcomes.withLock { state -> Int in
                    state.results[index] = outcome
                    state.done += 1
                    return state.done
                }
                progress?(done, total)
            }
        }
        return try assemble(dataset, outcomes: outcomes.withLock { $0.results }, logger: logger, directory: directory)
    }

    /// Each clip's segments or error, filled in by the workers.
    private struct Outcomes: Sendable {
        var results: [Result<[Float], AudioError>?]
        var done: Int
    }

    /// One clip's segments, or why it has none.
    private func features(of url: URL, workspace: Workspace) -> Result<[Float], AudioError> {
        do {
            let samples = try AudioDecoder.decodeMono22050(url)
            let count = Segmentation.segmentCount(sampleCount: samples.count)
            guard count > 0 else {
                return .failure(.tooShort(path: url.path, seconds: Double(samples.count) / Double(AudioDecoder.sampleRate),
                                          minimumSeconds: Segmentation.secondsPerSegment))
            }
            return .success(features(of: samples, workspace: workspace))
        } catch {
            return .failure(error)
        }
    }

    /// Concatenates the clips' segments in dataset order and lists the skipped files.
    private static func assemble(_ dataset: AudioDataset, outcomes: [Result<[Float], AudioError>?], logger: Logger,
                                 directory: URL) throws(AudioError) -> FeatureExtractionResult {
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
                let segments = clipValues.count / segmentSize
                values += clipValues
                labels += repeatElement(Int32(clip.label), count: segments)
                clipIndices += repeatElement(Int32(clips.count), count: segments)
                clips.append(clip.id)
            case .failure(let error):
                logger.debug("skipped clip", metadata: ["clip": "\(clip.id)", "reason": "\(error)"])
                skipped.append(.init(clip: clip.id, error: error))
            case nil:
                preconditionFailure("every clip is processed before assembling")
            }
        }
        guard !clips.isEmpty else { throw .noSegments(path: directory.path, skipped: skipped.count) }
        let set = FeatureSet(labelNames: dataset.labelNames, melBands: melBands, frames: frames, values: values,
                             labels: labels, clipIndices: clipIndices, clips: clips)
        return FeatureExtractionResult(features: set, skipped: skipped, clipsFound: dataset.clips.count)
    }
}
