import ChorusSupport

/// The bounded reader of secure-aggregation messages: `LittleEndianReader`
/// with its failures as `SecureAggError` (`truncated(field:)`,
/// `lengthTooLarge`), plus this protocol's rules: participant ids, lists of
/// them strictly increasing, and `finish()` rejecting trailing bytes.
struct WireReader {
    private var core: LittleEndianReader

    init(_ bytes: ArraySlice<UInt8>) {
        core = LittleEndianReader(bytes)
    }

    /// Reads a little-endian integer.
    mutating func read<T: FixedWidthInteger>(_: T.Type, field: String) throws(SecureAggError) -> T {
        try decoding { reader throws(ByteReadError) in try reader.readInteger(as: T.self, field: field) }
    }

    /// Reads exactly `count` bytes.
    mutating func readBytes(_ count: Int, field: String) throws(SecureAggError) -> [UInt8] {
        try decoding { reader throws(ByteReadError) in try reader.readBytes(count: count, field: field) }
    }

    /// Reads a `UInt32` count and checks it against `limit` and against the bytes left,
    /// given that each element takes at least `elementBytes`.
    mutating func readCount(field: String, limit: Int, elementBytes: Int) throws(SecureAggError) -> Int {
        try decoding { reader throws(ByteReadError) in
            try reader.readCount(field: field, limit: limit, elementBytes: elementBytes)
        }
    }

    /// Reads a participant id.
    mutating func readParticipant(field: String) throws(SecureAggError) -> ParticipantID {
        ParticipantID(try read(UInt32.self, field: field))
    }

    /// Reads a count-prefixed list of participant ids, strictly increasing (so no duplicates).
    mutating func readSortedParticipants(field: String) throws(SecureAggError) -> [ParticipantID] {
        let count = try readCount(field: field, limit: WireFormat.maximumParticipants, elementBytes: 4)
        var ids: [ParticipantID] = []
        ids.reserveCapacity(count)
        for _ in 0..<count {
            let id = try readParticipant(field: field)
            if let last = ids.last, id <= last {
                throw .invalidField(field: field, reason: "ids must be strictly increasing (\(last) then \(id))")
            }
            ids.append(id)
        }
        return ids
    }

    /// Reads `count` little-endian `UInt32` words in one copy.
    mutating func readWords(_ count: Int, field: String) throws(SecureAggError) -> [UInt32] {
        try decoding { reader throws(ByteReadError) in try reader.readIntegers(count: count, as: UInt32.self, field: field) }
    }

    /// Throws `trailingBytes` unless everything was read.
    func finish() throws(SecureAggError) {
        guard core.isAtEnd else { throw .trailingBytes(count: core.remaining) }
    }

    /// Runs `read` on the core reader, its failure as this module's error.
    private mutating func decoding<T>(_ read: (inout LittleEndianReader) throws(ByteReadError) -> T) throws(SecureAggError) -> T {
        try core.reading(read) { error -> SecureAggError in
            switch error {
            case let .truncated(field, _, _, _): .truncated(field: field)
            case let .countTooLarge(field, limit, actual): .lengthTooLarge(field: field, limit: limit, actual: actual)
            }
        }
    }
}
