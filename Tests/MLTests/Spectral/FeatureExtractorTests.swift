import Foundation
import ML
import Testing
import TestSupport

/// Log-mel segments have DESIGN.md's shape and range and equal librosa's.
struct FeatureExtractorTests {
    private func noise(seconds: Double, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<Int(seconds * 22050)).map { _ in Float.random(in: -0.5...0.5, using: &generator) }
    }

    @Test(arguments: [FeatureParameters.standard, .fullBand])
    func segmentEqualsLibrosaKnownAnswers(parameters: FeatureParameters) throws {
        let vectors = try LibrosaVectors.load(for: parameters)
        let features = FeatureExtractor(parameters: parameters).features(of: LibrosaVectors.segment())
        #expect(features.count == 128 * 130)
        var worst = 0.0, total = 0.0
        for entry in vectors.logmel {
            let ours = Double(features[Int(entry[0]) * 130 + Int(entry[1])])
            worst = max(worst, abs(ours - entry[2]))
            total += abs(ours - entry[2])
        }
        // The limits for the librosa comparison: max 0.05 dB, mean 0.005 dB.
        #expect(worst <= 0.05, "worst difference \(worst) dB")
        #expect(total / Double(vectors.logmel.count) <= 0.005)
    }

    @Test func thirtySecondClipGivesTenSegmentsOf128By130InMinus80To0() {
        let features = FeatureExtractor().features(of: noise(seconds: 30, seed: 1))
        #expect(FeatureExtractor.frames == 130 && FeatureExtractor.segmentSize == 128 * 130)
        #expect(features.count == 10 * 128 * 130)
        for segment in 0..<10 {
            let values = features[(segment * 16640)..<((segment + 1) * 16640)]
            #expect(values.max() == 0, "segment \(segment) is relative to its own maximum")
            #expect((values.min() ?? 0) >= -80, "segment \(segment) is floored at -80 dB")
        }
    }

    @Test func silentSegmentIsZeroDecibelsEverywhereAsInLibrosa() {
        let features = FeatureExtractor().features(of: [Float](repeating: 0, count: 66150))
        #expect(features.count == 16640)
        #expect(features.allSatisfy { $0 == 0 })
    }

    @Test func quietBandsAreFlooredEightyDecibelsBelowThePeak() {
        // A loud low tone and near-silence elsewhere: most bands hit the floor exactly.
        let tone = (0..<66150).map { Float(0.9 * sin(2 * Double.pi * 100 * Double($0) / 22050)) }
        let features = FeatureExtractor().features(of: tone)
        #expect(features.min() == -80)
        #expect(features.filter { $0 == -80 }.count > 16640 / 2)
    }

    @Test func segmentsSplitTheFlatFeatures() {
        let samples = noise(seconds: 7, seed: 4)
        let extractor = FeatureExtractor()
        let segments = extractor.segments(of: samples)
        #expect(segments.count == 2)
        #expect(segments.flatMap { $0 } == extractor.features(of: samples))
    }

    @Test func parallelExtractionEqualsOneClipAtATime() {
        let clips = (0..<5).map { noise(seconds: 3.5 + Double($0), seed: UInt64(20 + $0)) }
        let extractor = FeatureExtractor()
        let parallel = extractor.features(ofClips: clips, threads: 3)
        #expect(parallel == clips.map { extractor.features(of: $0) })
    }
}
