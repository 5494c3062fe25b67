import Foundation
import ML
import Testing
import TestSupport

/// The synthetic corpus has GTZAN's layout, is deterministic for a seed and decodes as 22050 Hz mono.
struct SyntheticCorpusTests {
    @Test func writesTenGenresOfWavClipsThatDecodeAtTheRightLength() throws {
        let directory = try TemporaryDirectory()
        try SyntheticCorpus.write(to: directory.url, clipsPerGenre: 2, seconds: 3.5, seed: 1)
        let dataset = try AudioDataset(directory: directory.url)
        #expect(dataset.labelNames == SyntheticCorpus.genres)
        #expect(dataset.clips.map(\.id).prefix(2) == ["blues/blues.00000.wav", "blues/blues.00001.wav"])
        #expect(dataset.clips.count == 20)
        for clip in dataset.clips {
            let samples = try AudioDecoder.decodeMono22050(clip.url)
            #expect(samples.count == 77175, "\(clip.id)")
            let peak = samples.map(abs).max() ?? 0
            #expect(peak > 0.25 && peak <= 1, "\(clip.id) peak \(peak)")
        }
    }

    @Test func sameSeedGivesTheSameSamplesAndOtherSeedsOthers() {
        for genre in SyntheticCorpus.genres.indices {
            let first = SyntheticCorpus.render(genre: genre, clip: 0, seconds: 1, seed: 5)
            #expect(first == SyntheticCorpus.render(genre: genre, clip: 0, seconds: 1, seed: 5))
            #expect(first != SyntheticCorpus.render(genre: genre, clip: 0, seconds: 1, seed: 6))
            #expect(first != SyntheticCorpus.render(genre: genre, clip: 1, seconds: 1, seed: 5))
        }
    }

    @Test func genresDifferInTheirAverageSpectrum() {
        // Mean log-mel profile per genre over 4 clips; every pair of genres must differ by > 1 dB somewhere.
        let extractor = FeatureExtractor()
        let profiles = SyntheticCorpus.genres.indices.map { genre in
            let clips = (0..<4).map { SyntheticCorpus.render(genre: genre, clip: $0, seconds: 3, seed: 2) }
            let features = clips.flatMap { extractor.features(of: $0) }
            return (0..<128).map { band in
                (0..<(features.count / 16640)).reduce(Float(0)) { sum, segment in
                    sum + features[(segment * 128 + band) * 130..<((segment * 128 + band + 1) * 130)].reduce(0, +) / 130
                } / Float(features.count / 16640)
            }
        }
        for a in profiles.indices {
            for b in profiles.indices where a < b {
                let gap = zip(profiles[a], profiles[b]).map { abs($0 - $1) }.max() ?? 0
                #expect(gap > 1, "\(SyntheticCorpus.genres[a]) and \(SyntheticCorpus.genres[b]) look alike")
            }
        }
    }
}
