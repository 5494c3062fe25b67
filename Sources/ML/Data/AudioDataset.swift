import Foundation

/// The clips of a labelled audio folder, found by layout:
///
/// - generic: `ROOT/<label>/<audio files>` (files in sub-folders of a label count for it);
/// - GTZAN: `ROOT/<genre>/<genre>.NNNNN.{au,wav}`, also below a `genres/` or
///   `genres_original/` folder in ROOT (as the public archives unpack).
///
/// Labels are the label folders' names, sorted. Every non-hidden file in a
/// label folder is a clip candidate: one that does not decode is reported and
/// skipped later, not silently ignored. Files directly in ROOT (GTZAN's `.mf`
/// lists) are not clips.
public struct AudioDataset: Sendable, Equatable {
    /// One audio file and its label.
    public struct Clip: Sendable, Equatable {
        /// The file.
        public var url: URL
        /// Its path relative to the dataset root, e.g. `blues/blues.00000.au`: the clip's id.
        public var id: String
        /// Index into `labelNames`.
        public var label: Int
    }

    /// The folder the label folders are in (ROOT, or ROOT/genres for GTZAN archives).
    public var root: URL
    /// Label names, sorted.
    public var labelNames: [String]
    /// Clips sorted by label, then path.
    public var clips: [Clip]

    /// Scans `directory`.
    /// - Throws: `AudioError.missingDirectory`, `.unreadableDirectory`, or `.noClips`
    ///   when no label folder holds a file.
    public init(directory: URL) throws(AudioError) {
        let root = try Self.labelRoot(directory)
        var labelNames: [String] = []
        var clips: [Clip] = []
        for labelFolder in try Self.entries(of: root) where Self.isDirectory(labelFolder) {
            let files = try Self.files(under: labelFolder)
            guard !files.isEmpty else { continue }
            let label = labelNames.count
            labelNames.append(labelFolder.lastPathComponent)
            for file in files {
                let relative = String(file.path.dropFirst(root.path.count + 1))
                clips.append(Clip(url: file, id: relative, label: label))
            }
        }
        guard !clips.isEmpty else { throw .noClips(path: directory.path) }
        self.root = root
        self.labelNames = labelNames
        self.clips = clips
    }

    /// `directory`, or its `genres`/`genres_original` folder when it has one.
    private static func labelRoot(_ directory: URL) throws(AudioError) -> URL {
        let directory = directory.standardizedFileURL
        guard isDirectory(directory) else { throw .missingDirectory(path: directory.path) }
        for name in ["genres", "genres_original"] {
            let nested = directory.appendingPathComponent(name, isDirectory: true)
            if isDirectory(nested) { return nested }
        }
        return directory
    }

    /// Every regular file below `folder`, recursively, hidden files excluded, sorted by path.
    private static func files(under folder: URL) throws(AudioError) -> [URL] {
        var files: [URL] = []
        for entry in try entries(of: folder) {
            if isDirectory(entry) {
                files += try self.files(under: entry)
            } else {
                files.append(entry)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The non-hidden entries of `folder`, sorted by name.
    private static func entries(of folder: URL) throws(AudioError) -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw .unreadableDirectory(path: folder.path, reason: error.localizedDescription)
        }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}
