/// Why a privacy report could not be written, read or trusted.
public enum AuditError: Error, Equatable, CustomStringConvertible {
    /// The report file could not be read or written.
    case file(path: String, reason: String)
    /// A line is not a signed record: `reason` says what is malformed.
    case malformedRecord(record: Int, reason: String)
    /// The report exists but cannot be appended to as asked.
    case cannotAppend(path: String, reason: String)

    public var description: String {
        switch self {
        case .file(let path, let reason): "\(path): \(reason)"
        case .malformedRecord(let record, let reason): "record \(record): \(reason)"
        case .cannotAppend(let path, let reason): "\(path): cannot append: \(reason)"
        }
    }
}
