import Foundation
import ML
import Testing
import TestSupport

/// The same music stored at 16, 22.05 and 44.1 kHz gives the same features and
/// the same prediction with today's front end (mel bands up to 8 kHz, every
/// source low-passed at 7.2 kHz), and it did not with the full-band front end
/// (mel bands up to 11025 Hz, no low-pass), whose top bands a 16 kHz file leaves empty.
struct SampleRateInvarianceTests {
    static let rates = [16000, 22050, 44100]

    /// A synthetic clip (rendered at 22050 Hz) converted by Chorus's resampler to
    /// each rate and written by libsndfile as float WAV.
    private func clipFiles(genre: Int, clip: Int, in directory: TemporaryDirectory) throws -> [URL] {
        let samples = SyntheticCorpus.render(genre: genre, clip: clip, seconds: 6, seed: 11)
        return try Self.rates.map { rate in
            let url = directory.file("clip-\(genre)-\(clip)-\(rate).wav")
            let converted = rate == 22050 ? samples : Resampler(from: 22050, to: rate).resample(samples)
            try AudioFileFormat.wavFloat.write(converted, sampleRate: rate, to: url)
            return url
        }
    }

    /// The features of each file with `parameters`, first segment only (every file has at least one whole one).
    private func features(of urls: [URL], parameters: FeatureParameters) throws -> [[Float]] {
        let extractor = FeatureExtractor(parameters: parameters)
        return try urls.map { url in Array(extractor.features(of: try extractor.decode(url)).prefix(FeatureExtractor.segmentSize)) }
    }

    /// The largest mean absolute difference in dB over the frames of any one mel band between `a` and `b`.
    private func worstBand(_ a: [Float], _ b: [Float]) -> Float {
        (0..<FeatureExtractor.melBands).map { band in
            let range = (band * FeatureExtractor.frames)..<((band + 1) * FeatureExtractor.frames)
            return range.reduce(0) { $0 + abs(a[$1] - b[$1]) } / Float(FeatureExtractor.frames)
        }.max() ?? 0
    }

    /// Tolerance: no mel band differs by more than 1.5 dB on average over its frames between any two rates, and
    /// the whole segment by less than 0.1 dB on average (what remains: resampling's ripple and the edges of
    /// the 7.2 kHz low-pass, which a 16 kHz file passes through twice).
    @Test(arguments: [(0, 40), (3, 41), (6, 42), (9, 43)])
    func everyRateGivesTheSameFeatures(genre: Int, clip: Int) throws {
        let directory = try TemporaryDirectory()
        let perRate = try features(of: try clipFiles(genre: genre, clip: clip, in: directory), parameters: .standard)
        for (index, other) in perRate.enumerated().dropFirst() {
            let band = worstBand(perRate[0], other)
            let mean = zip(perRate[0], other).reduce(0) { $0 + abs($1.0 - $1.1) } / Float(other.count)
            #expect(band <= 1.5, "16 kHz vs \(Self.rates[index]) Hz: a band differs by \(band) dB")
            #expect(mean <= 0.1, "16 kHz vs \(Self.rates[index]) Hz: mean difference \(mean) dB")
        }
    }

    @Test func theFullBandFrontEndFailsTheSameCheck() throws {
        let directory = try TemporaryDirectory()
        let perRate = try features(of: try clipFiles(genre: 6, clip: 42, in: directory), parameters: .fullBand)
        // The top bands of the 16 kHz file are at the floor where the others hold music.
        #expect(worstBand(perRate[0], perRate[1]) > 10)
    }

    /// A linear model on band statistics trained on synthetic clips at 22050 Hz
    /// gives the same genre, and class probabilities within 0.05, for unseen clips at every rate.
    @Test func everyRateGetsTheSamePrediction() throws {
        let extractor = FeatureExtractor()
        var values: [Float] = [], labels: [Int32] = [], clipIndices: [Int32] = [], clips: [String] = []
        for genre in 0..<10 {
            for clip in 0..<3 {
                let segments = extractor.features(of: SyntheticCorpus.render(genre: genre, clip: clip, seconds: 6, seed: 11))
                let count = segments.count / FeatureExtractor.segmentSize
                values += segments
                labels += repeatElement(Int32(genre), count: count)
                clipIndices += repeatElement(Int32(clips.count), count: count)
                clips.append("\(genre)/\(clip)")
            }
        }
        let train = FeatureSet(labelNames: SyntheticCorpus.genres, melBands: FeatureExtractor.melBands,
                               frames: FeatureExtractor.frames, values: values, labels: labels,
                               clipIndices: clipIndices, clips: clips)
        var network = try Network(architecture: .statisticsLinear, seed: 3)
        _ = try Trainer.train(&network, on: train, options: TrainingOptions(epochs: 30, batchSize: 8, seed: 3))
        let directory = try TemporaryDirectory()
        for genre in [1, 4, 7] {
            let urls = try clipFiles(genre: genre, clip: 50, in: directory)
            let probabilities = try urls.map { url in
                try Evaluator.meanProbabilities(network, segments: extractor.features(of: try extractor.decode(url)),
                                                melBands: FeatureExtractor.melBands, frames: FeatureExtractor.frames)
            }
            let predicted = probabilities.map { p in p.indices.max { p[$0] < p[$1] } ?? -1 }
            #expect(Set(predicted).count == 1, "genre \(genre): predictions \(predicted) at \(Self.rates) Hz")
            for other in probabilities.dropFirst() {
                let difference = zip(probabilities[0], other).map { abs($0 - $1) }.max() ?? 0
                #expect(difference <= 0.05, "genre \(genre): probabilities differ by \(difference)")
            }
        }
    }
}
