import ChorusSupport

/// Constants and writers of the secure-aggregation wire format: little-endian
/// integers, fixed-size keys, lists prefixed by a `UInt32` count.
public enum WireFormat {
    /// The protocol version every message carries; others are rejected.
    /// 2: round configurations and every signature bind a run id; 3: masks expand with AES-128-CTR.
    public static let version: UInt8 = 3
    /// Most participants a roster or list may name.
    public static let maximumParticipants = 1 << 16
    /// Most entries of a masked vector (64 MiB of `UInt32`).
    public static let maximumDimension = 1 << 24
}

extension [UInt8] {
    /// Appends a list count, checked against the wire maximum by the caller's invariants.
    mutating func appendCount(_ count: Int) {
        appendLittleEndian(UInt32(truncatingIfNeeded: count))
    }

    /// Appends a count-prefixed list of participant ids.
    mutating func appendParticipants(_ ids: [ParticipantID]) {
        appendCount(ids.count)
        for id in ids { appendLittleEndian(id.rawValue) }
    }
}
