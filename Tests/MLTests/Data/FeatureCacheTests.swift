import ChorusSupport
import Foundation
import ML
import Testing
import TestSupport

/// The feature cache round-trips exactly and refuses damaged files with a clear error.
struct FeatureCacheTests {
    private func sampleSet(seed: UInt64, segments: Int = 5, melBands: Int = 4, frames: Int = 3) -> FeatureSet {
        var generator = SplitMix64(seed: seed)
        let values = (0..<(segments * melBands * frames)).map { _ in Float.random(in: -80...0, using: &generator) }
        return FeatureSet(labelNames: ["blues", "jazz", "ροκ"], melBands: melBands, frames: frames, values: values,
                          labels: (0..<segments).map { Int32($0 % 3) },
                          clipIndices: (0..<segments).map { Int32($0 / 2) },
                          clips: (0..<((segments + 1) / 2)).map { "genre/clip \($0).wav" },
                          parameters: seed % 2 == 0 ? .standard : .fullBand)
    }

    @Test(arguments: [UInt64(0), 1, 2, 3])
    func writtenSetReadsBackEqual(seed: UInt64) throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("set.features")
        let set = sampleSet(seed: seed, segments: Int(seed) * 7, melBands: 128, frames: 130)
        try FeatureCache.write(set, to: url)
        #expect(try FeatureCache.read(from: url) == set)
        // Only the cache itself is left: the temporary file was renamed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["set.features"])
    }

    @Test func everyTruncationIsReportedNotCrashed() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("set.features")
        try FeatureCache.write(sampleSet(seed: 9), to: url)
        let bytes = try Data(contentsOf: url)
        let cut = directory.file("cut.features")
        for length in 0..<bytes.count {
            try bytes.prefix(length).write(to: cut)
            do {
                _ = try FeatureCache.read(from: cut)
                Issue.record("a \(length)-byte prefix was accepted")
            } catch {
                switch error {
                case .cacheTruncated, .cacheCorrupt: break
                default: Issue.record("prefix \(length): unexpected \(error)")
                }
            }
        }
    }

    @Test func flippedByteFailsTheChecksum() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("set.features")
        try FeatureCache.write(sampleSet(seed: 4), to: url)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 40] ^= 0x01  // inside the values
        try bytes.write(to: url)
        #expect(throws: AudioError.cacheChecksumMismatch(path: url.path)) { try FeatureCache.read(from: url) }
    }

    @Test func wrongMagicAndVersionAreNamed() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("set.features")
        try FeatureCache.write(sampleSet(seed: 5), to: url)
        var bytes = try Data(contentsOf: url)
        bytes[8] = 9  // version
        try bytes.write(to: url)
        #expect(throws: AudioError.cacheVersion(path: url.path, found: 9, expected: FeatureCache.version)) {
            try FeatureCache.read(from: url)
        }
        bytes[0] = UInt8(ascii: "X")
        try bytes.write(to: url)
        #expect(throws: AudioError.cacheCorrupt(path: url.path, field: "magic", reason: "is not CHORUSFC")) {
            try FeatureCache.read(from: url)
        }
    }

    @Test func labelOutOfRangeIsCorruptEvenWithAValidChecksum() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("set.features")
        try FeatureCache.write(sampleSet(seed: 6), to: url)
        var bytes = [UInt8](try Data(contentsOf: url))
        // Header: 56 fixed bytes, 3 label names, 3 clip ids; then the first label (Int32).
        var offset = 56
        for _ in 0..<6 { offset += 4 + Int(bytes[offset]) }
        bytes[offset] = 7
        var hash = SHA256()
        bytes.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 32)])) }
        bytes.replaceSubrange((bytes.count - 32)..., with: hash.finalize())
        try Data(bytes).write(to: url)
        #expect(throws: AudioError.cacheCorrupt(path: url.path, field: "labels[0]", reason: "is 7, expected 0..<3")) {
            try FeatureCache.read(from: url)
        }
    }

    @Test func versionOneCachesReadAsFullBandFeatures() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("set.features")
        let set = sampleSet(seed: 2, segments: 4)
        #expect(set.parameters == .standard)
        try FeatureCache.write(set, to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        // Version 1 had no front-end parameters (the 16 bytes at offset 20) and pads its shorter header to 64 bytes.
        var header = Array(bytes[0..<56])
        var offset = 56
        for _ in 0..<(3 + 2) { offset += 4 + Int(bytes[offset]) }
        header += bytes[56..<(offset + 8 * 4)]
        header.removeSubrange(20..<36)
        header[8] = 1
        header += [UInt8](repeating: 0, count: (64 - header.count % 64) % 64)
        let valueBytes = 4 * 4 * 4 * 3
        var old = header + bytes[(bytes.count - 32 - valueBytes)..<(bytes.count - 32)]
        old += SHA256.hash(old)
        try Data(old).write(to: url)
        var expected = set
        expected.parameters = .fullBand
        #expect(try FeatureCache.read(from: url) == expected)
    }

    @Test func missingFileIsUnreadable() {
        let url = URL(fileURLWithPath: "/nonexistent/set.features")
        #expect {
            _ = try FeatureCache.read(from: url)
        } throws: { error in
            guard let error = error as? AudioError, case .unreadable(let path, _) = error else { return false }
            return path == url.path
        }
    }
}
