import Foundation
import ML
import Testing
import TestSupport

/// Labelled folders are found in the generic and GTZAN layouts.
struct AudioDatasetTests {
    private func touch(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data([1]))
    }

    @Test(arguments: ["", "genres/", "genres_original/"])
    func gtzanLayoutGivesSortedGenresAndClips(prefix: String) throws {
        let directory = try TemporaryDirectory()
        for name in ["rock/rock.00001.au", "blues/blues.00001.wav", "blues/blues.00000.au", "rock/.DS_Store"] {
            try touch(directory.url.appendingPathComponent(prefix + name))
        }
        try touch(directory.url.appendingPathComponent(prefix + "input.mf"))  // root files are not clips
        let dataset = try AudioDataset(directory: directory.url)
        #expect(dataset.labelNames == ["blues", "rock"])
        #expect(dataset.clips.map(\.id) == ["blues/blues.00000.au", "blues/blues.00001.wav", "rock/rock.00001.au"])
        #expect(dataset.clips.map(\.label) == [0, 0, 1])
    }

    @Test func genericLayoutCountsFilesInSubfoldersOfALabel() throws {
        let directory = try TemporaryDirectory()
        for name in ["speech/a.flac", "music/album/b.ogg", "music/c.mp3"] {
            try touch(directory.url.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(at: directory.file("empty-label"), withIntermediateDirectories: true)
        let dataset = try AudioDataset(directory: directory.url)
        #expect(dataset.labelNames == ["music", "speech"])
        #expect(dataset.clips.map(\.id) == ["music/album/b.ogg", "music/c.mp3", "speech/a.flac"])
    }

    @Test func missingFolderIsAnErrorNamingIt() {
        let path = "/nonexistent/chorus-data"
        #expect(throws: AudioError.missingDirectory(path: path)) { try AudioDataset(directory: URL(fileURLWithPath: path)) }
    }

    @Test func folderWithoutLabelFoldersIsAnError() throws {
        let directory = try TemporaryDirectory()
        try touch(directory.file("loose.wav"))
        #expect(throws: AudioError.noClips(path: directory.url.standardizedFileURL.path)) {
            try AudioDataset(directory: directory.url)
        }
    }
}
