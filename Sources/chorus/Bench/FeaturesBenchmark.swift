import Foundation
import ML

/// `chorus bench features`: log-mel segments per second on a fixed set of
/// clips (by default the synthetic corpus's first two clips of each genre,
/// 30 s each: 200 segments), with the clips decoded before timing. The
/// reference measured in the same run is the same extraction on one thread;
/// scripts/bench-librosa.sh adds librosa on the same clips.
struct FeaturesBenchmark {
    struct Measurement {
        var segments: Int
        var threads: Int
        var segmentsPerSecond: Double
        var singleThreadSegmentsPerSecond: Double
        /// Sum of every feature value of the last run, kept so no work is optimized away.
        var checksum: Double
    }

    let clips: [[Float]]
    let threads: Int
    let repeats: Int

    /// The default clips: `clipsPerGenre` synthetic clips of 30 s per genre, seed 1
    /// (the same as `chorus synth --clips-per-genre 2 --seconds 30 --seed 1`).
    static func syntheticClips(clipsPerGenre: Int) -> [[Float]] {
        SyntheticCorpus.genres.indices.flatMap { genre in
            (0..<clipsPerGenre).map { SyntheticCorpus.render(genre: genre, clip: $0, seconds: 30, seed: 1) }
        }
    }

    /// Every clip of a labelled folder, decoded (unusable files are left out).
    static func decodedClips(in directory: URL) throws -> [[Float]] {
        try AudioDataset(directory: directory).clips.compactMap { try? AudioDecoder.decodeMono22050($0.url) }
    }

    func run() -> Measurement {
        let extractor = FeatureExtractor()
        let segments = clips.reduce(0) { $0 + Segmentation.segmentCount(sampleCount: $1.count) }
        let (parallel, checksum) = median(extractor, threads: threads)
        let (single, _) = median(extractor, threads: 1)
        return Measurement(segments: segments, threads: threads, segmentsPerSecond: Double(segments) / parallel,
                           singleThreadSegmentsPerSecond: Double(segments) / single, checksum: checksum)
    }

    /// The median wall time of `repeats` runs after one warm-up, and the last run's checksum.
    private func median(_ extractor: FeatureExtractor, threads: Int) -> (seconds: Double, checksum: Double) {
        var times: [Double] = []
        var checksum = 0.0
        for run in 0...repeats {
            let start = ContinuousClock.now
            let features = extractor.features(ofClips: clips, threads: threads)
            let elapsed = (ContinuousClock.now - start).seconds
            checksum = features.reduce(0) { $0 + $1.reduce(0) { $0 + Double($1) } }
            if run > 0 { times.append(elapsed) }
        }
        return (times.sorted()[times.count / 2], checksum)
    }
}
