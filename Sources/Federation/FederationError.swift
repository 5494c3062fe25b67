/// Why a federation message was refused: the field and what was wrong. The
/// receiver drops the peer (coordinator) or the round (participant) and goes on.
public enum FederationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes end before `field`.
    case truncated(field: String)
    /// A count or length above its bound, refused before allocating.
    case tooLarge(field: String, limit: Int, actual: Int)
    /// A field whose value is out of range or inconsistent.
    case invalidField(field: String, reason: String)
    /// Bytes left after the last field.
    case trailingBytes(count: Int)
    /// The message's format version is not this build's.
    case unsupportedVersion(UInt8)
    /// The round plan's signature does not verify with the coordinator's key.
    case badSignature
    /// The global model's SHA-256 differs from the hash in the signed plan.
    case modelHashMismatch
    /// A frame of a type this side does not accept at this point.
    case unexpectedFrame(type: UInt8, round: UInt64)

    public var description: String {
        switch self {
        case .truncated(let field): "message ends before \(field)"
        case .tooLarge(let field, let limit, let actual): "\(field) is \(actual), above the limit \(limit)"
        case .invalidField(let field, let reason): "\(field): \(reason)"
        case .trailingBytes(let count): "\(count) unexpected bytes after the message"
        case .unsupportedVersion(let version): "message version \(version), this build speaks \(FederationWire.version)"
        case .badSignature: "the round plan's signature does not verify with the coordinator's signing key"
        case .modelHashMismatch: "the global model does not match the hash in the signed round plan"
        case .unexpectedFrame(let type, let round): "unexpected frame of type \(type) for round \(round)"
        }
    }
}
