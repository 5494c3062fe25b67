/// The largest payload, in bytes, that each message type may carry. The
/// caller (the Server/Client protocol) supplies the table; a type missing from
/// it is unknown and refused, and a header announcing more than its type's
/// limit is refused before any payload memory is reserved.
public struct FrameLimits: Sendable, Equatable {
    /// The hard ceiling of the wire format: `payload_length` is a `UInt32`.
    public static let absoluteMaximum = Int(UInt32.max)

    private let maximumPayload: [UInt8: Int]

    /// - Parameter maximumPayload: message type → largest payload in bytes;
    ///   values above `absoluteMaximum` are clamped to it.
    public init(_ maximumPayload: [UInt8: Int]) {
        self.maximumPayload = maximumPayload.mapValues { min(max($0, 0), Self.absoluteMaximum) }
    }

    /// Message type 0: an empty frame Transport sends to show it is alive.
    public static let heartbeatType: UInt8 = 0

    /// These limits with the heartbeat type allowed (empty payload only).
    func addingHeartbeat() -> FrameLimits {
        var table = maximumPayload
        table[Self.heartbeatType] = 0
        return FrameLimits(table)
    }

    /// The limit for `type`, or nil when the type is unknown.
    public func limit(for type: UInt8) -> Int? {
        maximumPayload[type]
    }

    /// Throws unless `type` is known and `payloadLength` is within its limit.
    public func check(type: UInt8, payloadLength: Int) throws(WireError) {
        guard let limit = maximumPayload[type] else { throw .unknownMessageType(type) }
        guard payloadLength <= limit else { throw .payloadTooLarge(type: type, limit: limit, actual: payloadLength) }
    }
}
