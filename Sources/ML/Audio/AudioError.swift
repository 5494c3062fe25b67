/// What went wrong reading audio, a dataset folder or a feature cache. Every
/// case names the file or folder, what was found and, where it helps, what
/// was expected, so a skipped clip or a refused file can be acted on.
public enum AudioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file has no bytes at all.
    case emptyFile(path: String)
    /// libsndfile could not open the file: not audio, or a format it does not know.
    case unreadable(path: String, reason: String)
    /// The file opened but its samples could not all be read (truncated or corrupt data).
    case decodeFailed(path: String, reason: String)
    /// The header describes something unusable (no channels, a zero sample rate).
    case invalidFormat(path: String, reason: String)
    /// The clip decodes but is shorter than one segment, so it yields no features.
    case tooShort(path: String, seconds: Double, minimumSeconds: Double)
    /// An audio or cache file could not be written.
    case writeFailed(path: String, reason: String)
    /// The dataset folder does not exist or is not a folder.
    case missingDirectory(path: String)
    /// The dataset folder (or one inside it) could not be listed.
    case unreadableDirectory(path: String, reason: String)
    /// The dataset folder has no label sub-folders holding files.
    case noClips(path: String)
    /// Every clip of the dataset was skipped, so there is nothing to learn from.
    case noSegments(path: String, skipped: Int)
    /// A feature cache file is not one, or one of its fields is out of range.
    case cacheCorrupt(path: String, field: String, reason: String)
    /// A feature cache file is shorter (or longer) than its header says.
    case cacheTruncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// A feature cache file's checksum does not match its contents.
    case cacheChecksumMismatch(path: String)
    /// A feature cache file was written by another version of the format.
    case cacheVersion(path: String, found: UInt32, expected: UInt32)
    /// A participant's file list names a clip that is not in the feature set.
    case unknownClip(participant: Int, clip: String)
    /// A clip appears in the file lists of two participants.
    case clipListedTwice(clip: String, firstParticipant: Int, secondParticipant: Int)
    /// A partition or split was asked for with impossible parameters.
    case invalidPartition(reason: String)

    public var description: String {
        switch self {
        case .emptyFile(let path):
            "\(path): the file is empty"
        case .unreadable(let path, let reason):
            "\(path): not readable as audio: \(reason)"
        case .decodeFailed(let path, let reason):
            "\(path): decoding failed: \(reason)"
        case .invalidFormat(let path, let reason):
            "\(path): unusable audio format: \(reason)"
        case .tooShort(let path, let seconds, let minimumSeconds):
            "\(path): \(Self.format(seconds)) s of audio, shorter than one \(Self.format(minimumSeconds)) s segment"
        case .writeFailed(let path, let reason):
            "\(path): could not write: \(reason)"
        case .missingDirectory(let path):
            "\(path): no such folder"
        case .unreadableDirectory(let path, let reason):
            "\(path): cannot list the folder: \(reason)"
        case .noClips(let path):
            "\(path): no clips found; expected ROOT/<label>/<audio files> or the GTZAN layout ROOT/genres/<genre>/<genre>.NNNNN.au"
        case .noSegments(let path, let skipped):
            "\(path): no usable clip (\(skipped) skipped), so no features"
        case .cacheCorrupt(let path, let field, let reason):
            "\(path): not a valid feature cache: \(field) \(reason)"
        case .cacheTruncated(let path, let expectedBytes, let actualBytes):
            "\(path): feature cache is \(actualBytes) bytes, its header says \(expectedBytes)"
        case .cacheChecksumMismatch(let path):
            "\(path): feature cache checksum does not match its contents (the file is corrupt)"
        case .cacheVersion(let path, let found, let expected):
            "\(path): feature cache version is \(found), expected \(expected); rebuild it with `chorus features`"
        case .unknownClip(let participant, let clip):
            "participant \(participant): file list names \(clip), which is not in the feature set"
        case .clipListedTwice(let clip, let firstParticipant, let secondParticipant):
            "\(clip) is listed for participant \(firstParticipant) and participant \(secondParticipant)"
        case .invalidPartition(let reason):
            "invalid partition: \(reason)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        String(Double((seconds * 100).rounded()) / 100)
    }
}
