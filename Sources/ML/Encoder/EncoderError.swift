/// Everything that can go wrong reading a pretrained encoder: the musicnn wheel
/// or checkpoint (zip archive, LevelDB table, tensor bundle) and Chorus encoder
/// files. Each case names the file, and the member, field or tensor, so the
/// command line prints it as it is.
public enum EncoderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// A structure in `path` ends before the named field is complete.
    case truncated(path: String, field: String)
    /// A field in `path` holds a value outside its bounds.
    case corrupt(path: String, field: String, reason: String)
    /// The archive or checkpoint lacks a member or tensor the model needs.
    case missing(path: String, what: String)
    /// A tensor has another shape than the model needs.
    case tensorShape(path: String, tensor: String, found: [Int], expected: [Int])
    /// A file does not start with the encoder magic.
    case notAnEncoderFile(path: String)
    /// An encoder file written by an unknown format version.
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// A stored checksum (SHA-256, CRC-32 or CRC-32C) does not match the bytes.
    case checksumMismatch(path: String, what: String)
    /// An encoder that is not the one a model or plan was made with.
    case encoderMismatch(expected: String, found: String)

    public var description: String {
        switch self {
        case let .io(path, reason): "\(path): \(reason)"
        case let .truncated(path, field): "\(path): truncated in \(field)"
        case let .corrupt(path, field, reason): "\(path): \(field) \(reason)"
        case let .missing(path, what): "\(path): has no \(what)"
        case let .tensorShape(path, tensor, found, expected):
            "\(path): tensor \(tensor) has shape \(found), the model needs \(expected)"
        case let .notAnEncoderFile(path): "\(path): not a Chorus encoder file (bad magic); make one with `chorus encoder import`"
        case let .unsupportedVersion(path, found, supported):
            "\(path): encoder format version \(found) is not supported (this build reads version \(supported))"
        case let .checksumMismatch(path, what): "\(path): the \(what) does not match the contents (file is corrupt)"
        case let .encoderMismatch(expected, found):
            "the model was trained on encoder \(expected) but encoder \(found) was given; pass the encoder file the model was made with"
        }
    }
}
