/// One message on the wire: a type chosen by the caller, the round it belongs
/// to, and an opaque payload the caller encodes (SecureAgg messages encode
/// themselves; Transport only moves the bytes).
public struct Frame: Sendable, Equatable {
    /// The caller's message type; must have an entry in the `FrameLimits` in use.
    public var type: UInt8
    /// The round this message belongs to, so a late message from an earlier
    /// round is recognized and dropped by the caller.
    public var round: UInt64
    /// The encoded message.
    public var payload: [UInt8]

    public init(type: UInt8, round: UInt64, payload: [UInt8]) {
        self.type = type
        self.round = round
        self.payload = payload
    }
}
