import Foundation
import Logging
import ML
import Testing
import TestSupport

/// A folder with good and bad files yields the good clips' segments and
/// exactly one report per bad file, with the right reason.
struct FeatureExtractionTests {
    private let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// Synthetic good clips of 7 s (2 segments) for three genres, then bad files in `blues/`.
    private func mixedFolder() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for (genre, name) in [(0, "blues"), (1, "classical"), (2, "country")] {
            let folder = directory.file(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for clip in 0..<2 {
                let samples = SyntheticCorpus.render(genre: genre, clip: clip, seconds: 7, seed: 3)
                try AudioFileFormat.wav16.write(samples, sampleRate: 22050,
                                                to: folder.appendingPathComponent("\(name).0000\(clip).wav"))
            }
        }
        var generator = SplitMix64(seed: 54)
        let garbage = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        _ = FileManager.default.createFile(atPath: directory.file("blues/jazz.00054.wav").path, contents: garbage)
        _ = FileManager.default.createFile(atPath: directory.file("blues/empty.wav").path, contents: Data())
        try AudioFileFormat.wav16.write(SyntheticCorpus.render(genre: 0, clip: 9, seconds: 2, seed: 3),
                                        sampleRate: 22050, to: directory.file("blues/short.wav"))
        return directory
    }

    @Test func badFilesAreSkippedWithTheirReasonsAndNothingElseIsLost() throws {
        let directory = try mixedFolder()
        let result = try FeatureExtractor.extract(from: directory.url, threads: 2, logger: logger)
        #expect(result.clipsFound == 9)
        #expect(result.features.clips == ["blues/blues.00000.wav", "blues/blues.00001.wav",
                                          "classical/classical.00000.wav", "classical/classical.00001.wav",
                                          "country/country.00000.wav", "country/country.00001.wav"])
        #expect(result.features.count == 12)
        #expect(result.features.labels == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
        #expect(result.features.clipIndices == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        #expect(result.skipped.map(\.clip) == ["blues/empty.wav", "blues/jazz.00054.wav", "blues/short.wav"])
        let errors = result.skipped.map(\.error)
        #expect(errors[0] == .emptyFile(path: directory.file("blues/empty.wav").standardizedFileURL.path))
        if case .unreadable(let path, _) = errors[1] {
            #expect(path.hasSuffix("blues/jazz.00054.wav"))
        } else {
            Issue.record("the corrupt file should be unreadable, got \(errors[1])")
        }
        #expect(errors[2] == .tooShort(path: directory.file("blues/short.wav").standardizedFileURL.path,
                                       seconds: 2, minimumSeconds: 3))
    }

    @Test(arguments: [FeatureParameters.standard, .fullBand])
    func eachClipIsDecodedAndExtractedWithTheParametersTheSetRecords(parameters: FeatureParameters) throws {
        let directory = try mixedFolder()
        let result = try FeatureExtractor.extract(from: directory.url, parameters: parameters, threads: 2, logger: logger)
        #expect(result.features.parameters == parameters)
        let extractor = FeatureExtractor(parameters: parameters)
        let first = extractor.features(of: try extractor.decode(directory.file("blues/blues.00000.wav")))
        #expect(Array(result.features.values[0..<first.count]) == first)
    }

    @Test func resultIsTheSameOnOneThreadAndMany() throws {
        let directory = try mixedFolder()
        let one = try FeatureExtractor.extract(from: directory.url, threads: 1, logger: logger)
        let many = try FeatureExtractor.extract(from: directory.url, threads: 4, logger: logger)
        #expect(one.features == many.features)
        #expect(one.skipped == many.skipped)
    }

    @Test func folderWhereEveryFileIsBadIsAnError() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.file("rock"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory.file("rock/empty.au").path, contents: Data())
        #expect(throws: AudioError.noSegments(path: directory.url.path, skipped: 1)) {
            try FeatureExtractor.extract(from: directory.url, threads: 1, logger: logger)
        }
    }
}
