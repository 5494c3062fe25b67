/// A bounded reader over one structure of a checkpoint or archive: fixed-width
/// little-endian integers, protobuf/LevelDB varints and byte runs. Each read
/// returns its value and moves past it, or throws `EncoderError` naming the file
/// and field without reading past the end.
struct CheckpointCursor {
    private let bytes: ArraySlice<UInt8>
    private(set) var index: Int
    /// The file the bytes came from (with the member or block), for errors.
    let path: String

    init(_ bytes: ArraySlice<UInt8>, path: String) {
        self.bytes = bytes
        index = bytes.startIndex
        self.path = path
    }

    var isAtEnd: Bool { index >= bytes.endIndex }

    mutating func take(_ count: Int, field: String) throws(EncoderError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.endIndex - index else { throw .truncated(path: path, field: field) }
        defer { index += count }
        return bytes[index..<(index + count)]
    }

    mutating func fixed<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, field: String) throws(EncoderError) -> T {
        var value = T.zero
        for (shift, byte) in try take(MemoryLayout<T>.size, field: field).enumerated() {
            value |= T(byte) << (8 * shift)
        }
        return value
    }

    /// A base-128 varint of at most 64 bits.
    mutating func varint(field: String) throws(EncoderError) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            let byte = try take(1, field: field).first ?? 0
            value |= UInt64(byte & 0x7f) << UInt64(shift)
            if byte < 0x80 { return value }
        }
        throw .corrupt(path: path, field: field, reason: "is a varint longer than 64 bits")
    }

    /// A varint that must fit `limit`, as an `Int`.
    mutating func count(field: String, limit: Int) throws(EncoderError) -> Int {
        let value = try varint(field: field)
        guard value <= UInt64(limit) else {
            throw .corrupt(path: path, field: field, reason: "is \(value), expected at most \(limit)")
        }
        return Int(value)
    }
}
