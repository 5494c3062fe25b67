/// The one bounded reader of secure-aggregation messages: each read returns a value
/// or throws `truncated(field:)` without advancing, each count is checked against a
/// named maximum before anything is allocated, and `finish()` rejects trailing bytes.
struct WireReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.count }

    /// Reads a little-endian integer.
    mutating func read<T: FixedWidthInteger>(_: T.Type, field: String) throws(SecureAggError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count >= size else { throw .truncated(field: field) }
        var value: T = 0
        for (shift, byte) in bytes.prefix(size).enumerated() {
            value |= T(byte) << (8 * shift)
        }
        bytes = bytes.dropFirst(size)
        return value
    }

    /// Reads exactly `count` bytes.
    mutating func readBytes(_ count: Int, field: String) throws(SecureAggError) -> [UInt8] {
        guard count >= 0, bytes.count >= count else { throw .truncated(field: field) }
        let value = Array(bytes.prefix(count))
        bytes = bytes.dropFirst(count)
        return value
    }

    /// Reads a `UInt32` count and checks it against `limit` and against the bytes left,
    /// given that each element takes at least `elementBytes`.
    mutating func readCount(field: String, limit: Int, elementBytes: Int) throws(SecureAggError) -> Int {
        let raw = try read(UInt32.self, field: field)
        guard let count = Int(exactly: raw), count <= limit else {
            throw .lengthTooLarge(field: field, limit: limit, actual: Int(raw))
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: elementBytes)
        guard !overflow, needed <= bytes.count else { throw .truncated(field: field) }
        return count
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
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: 4)
        guard !overflow, bytes.count >= byteCount else { throw .truncated(field: field) }
        let words = [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    buffer[index] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                }
            }
            initialized = count
        }
        bytes = bytes.dropFirst(byteCount)
        return words
    }

    /// Throws `trailingBytes` unless everything was read.
    func finish() throws(SecureAggError) {
        guard bytes.isEmpty else { throw .trailingBytes(count: bytes.count) }
    }
}
