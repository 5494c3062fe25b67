/// Everything that can go wrong in the `ML` target on bad input: a model file
/// that is corrupt or does not fit, features that do not match a network, an
/// architecture or training setting out of range. Each case names the file or
/// field and what was found, so the command line can print it as it is.
public enum MLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An architecture or option value out of its allowed range.
    case invalidArchitecture(field: String, reason: String)
    /// A training or evaluation setting out of its allowed range.
    case invalidOption(field: String, reason: String)
    /// Features whose shape or labels do not fit the network.
    case featureMismatch(reason: String)
    /// No segments to train or evaluate on.
    case emptyFeatureSet(String)
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// A model file does not start with the model magic.
    case notAModelFile(path: String)
    /// A model file written by an unknown format version.
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// A model file ends before the named field is complete.
    case truncated(path: String, field: String)
    /// A model file field holds a value outside its bounds.
    case corruptField(path: String, field: String, reason: String)
    /// A model file has bytes after its checksum.
    case trailingBytes(path: String, count: Int)
    /// A model file's SHA-256 does not match its contents.
    case checksumMismatch(path: String)

    public var description: String {
        switch self {
        case let .invalidArchitecture(field, reason): "architecture: \(field) \(reason)"
        case let .invalidOption(field, reason): "\(field): \(reason)"
        case let .featureMismatch(reason): "features do not fit the network: \(reason)"
        case let .emptyFeatureSet(what): "\(what) has no segments"
        case let .io(path, reason): "\(path): \(reason)"
        case let .notAModelFile(path): "\(path): not a Chorus model file (bad magic)"
        case let .unsupportedVersion(path, found, supported):
            "\(path): model format version \(found) is not supported (this build reads version \(supported))"
        case let .truncated(path, field): "\(path): file is truncated in \(field)"
        case let .corruptField(path, field, reason): "\(path): \(field) \(reason)"
        case let .trailingBytes(path, count): "\(path): \(count) unexpected bytes after the checksum"
        case let .checksumMismatch(path): "\(path): SHA-256 checksum does not match the contents (file is corrupt)"
        }
    }
}
