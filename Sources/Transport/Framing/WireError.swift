/// A frame header that breaks the wire format. Each case names the field and
/// the numbers found and expected, so a log line says exactly what the peer sent.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first four bytes are not `FrameHeader.magic`.
    case badMagic(expected: UInt32, actual: UInt32)
    /// The header's version is not one this build speaks.
    case unsupportedVersion(expected: UInt8, actual: UInt8)
    /// The message type has no entry in the caller's size-limit table.
    case unknownMessageType(UInt8)
    /// The payload length exceeds the limit for its message type (bytes).
    case payloadTooLarge(type: UInt8, limit: Int, actual: Int)

    public var description: String {
        switch self {
        case .badMagic(let expected, let actual):
            "magic is 0x\(String(actual, radix: 16)), expected 0x\(String(expected, radix: 16)) (not a Chorus peer?)"
        case .unsupportedVersion(let expected, let actual):
            "version is \(actual), expected \(expected)"
        case .unknownMessageType(let type):
            "message type \(type) is unknown"
        case .payloadTooLarge(let type, let limit, let actual):
            "payload_length of message type \(type) is \(actual) bytes, limit \(limit)"
        }
    }
}
