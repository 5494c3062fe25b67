/// Reads little-endian fields from a peer's bytes. Each read checks the length
/// first and throws `.truncated(field:)` naming the field; counts are bounded
/// before any buffer is sized.
struct PayloadReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// Bytes not read yet.
    var remaining: Int { bytes.count }

    mutating func read<T: FixedWidthInteger>(_: T.Type, field: String) throws(FederationError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count >= size else { throw .truncated(field: field) }
        var value = T.zero
        for (shift, byte) in bytes.prefix(size).enumerated() {
            value |= T(truncatingIfNeeded: byte) << (8 * shift)
        }
        bytes = bytes.dropFirst(size)
        return value
    }

    mutating func readDouble(field: String) throws(FederationError) -> Double {
        Double(bitPattern: try read(UInt64.self, field: field))
    }

    mutating func readFloat(field: String) throws(FederationError) -> Float {
        Float(bitPattern: try read(UInt32.self, field: field))
    }

    /// A u32 that must be at most `limit`, as an `Int`.
    mutating func readCount(field: String, limit: Int) throws(FederationError) -> Int {
        let value = Int(try read(UInt32.self, field: field))
        guard value <= limit else { throw .tooLarge(field: field, limit: limit, actual: value) }
        return value
    }

    mutating func readBytes(_ count: Int, field: String) throws(FederationError) -> [UInt8] {
        guard count >= 0, bytes.count >= count else { throw .truncated(field: field) }
        defer { bytes = bytes.dropFirst(count) }
        return Array(bytes.prefix(count))
    }

    mutating func readCounted(field: String, limit: Int) throws(FederationError) -> [UInt8] {
        try readBytes(readCount(field: field, limit: limit), field: field)
    }

    mutating func readText(field: String) throws(FederationError) -> String {
        let raw = try readCounted(field: field, limit: FederationWire.maximumTextBytes)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw .invalidField(field: field, reason: "not UTF-8")
        }
        return text
    }

    /// A u32 count (at most `limit`) then that many words.
    mutating func readWords(field: String, limit: Int) throws(FederationError) -> [UInt32] {
        let count = try readCount(field: field, limit: limit)
        let raw = try readBytes(4 * count, field: field)
        return raw.withUnsafeBytes { buffer in
            (0..<count).map { UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) }
        }
    }

    /// A u32 count (exactly `expected`) then that many floats.
    mutating func readFloats(field: String, expected: Int) throws(FederationError) -> [Float] {
        let count = try readCount(field: field, limit: expected)
        guard count == expected else {
            throw .invalidField(field: field, reason: "\(count) values, expected \(expected)")
        }
        let raw = try readBytes(4 * count, field: field)
        return raw.withUnsafeBytes { buffer in
            (0..<count).map {
                Float(bitPattern: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
            }
        }
    }

    /// Throws unless every byte was read.
    func finish() throws(FederationError) {
        guard bytes.isEmpty else { throw .trailingBytes(count: bytes.count) }
    }
}
