/// A bounded little-endian reader over a file's bytes: each read returns a
/// value or throws `truncated` naming the field, never reading past the end.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private(set) var position: Int
    /// The file the bytes came from, for errors.
    let path: String

    init(_ bytes: ArraySlice<UInt8>, path: String) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.path = path
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.endIndex - position }

    mutating func bytes(_ count: Int, field: String) throws(MLError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw MLError.truncated(path: path, field: field) }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func uint16(_ field: String) throws(MLError) -> UInt16 {
        UInt16(truncatingIfNeeded: try littleEndian(2, field: field))
    }

    mutating func uint32(_ field: String) throws(MLError) -> UInt32 {
        UInt32(truncatingIfNeeded: try littleEndian(4, field: field))
    }

    mutating func uint64(_ field: String) throws(MLError) -> UInt64 {
        try littleEndian(8, field: field)
    }

    mutating func float(_ field: String) throws(MLError) -> Float {
        Float(bitPattern: try uint32(field))
    }

    /// A `UInt32` field as an `Int` within `range`.
    mutating func int(_ field: String, in range: ClosedRange<Int>) throws(MLError) -> Int {
        let value = Int(try uint32(field))
        guard range.contains(value) else {
            throw MLError.corruptField(path: path, field: field, reason: "is \(value), expected \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    private mutating func littleEndian(_ width: Int, field: String) throws(MLError) -> UInt64 {
        let raw = try bytes(width, field: field)
        var value: UInt64 = 0
        for (shift, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * shift) }
        return value
    }
}

extension Array where Element == UInt8 {
    /// Appends the little-endian bytes of `value`.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }
}
