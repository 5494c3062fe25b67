import ChorusSupport

/// Reads little-endian fields from a peer's bytes: `LittleEndianReader` with
/// its failures as `FederationError` (`truncated(field:)`, `tooLarge`), plus
/// this wire's counted bytes, UTF-8 text and counted vectors. Counts are
/// bounded before any buffer is sized.
struct PayloadReader {
    private var core: LittleEndianReader

    init(_ bytes: ArraySlice<UInt8>) {
        core = LittleEndianReader(bytes)
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, field: String) throws(FederationError) -> T {
        try decoding { reader throws(ByteReadError) in try reader.readInteger(as: T.self, field: field) }
    }

    mutating func readDouble(field: String) throws(FederationError) -> Double {
        try decoding { reader throws(ByteReadError) in try reader.readDouble(field: field) }
    }

    mutating func readFloat(field: String) throws(FederationError) -> Float {
        try decoding { reader throws(ByteReadError) in try reader.readFloat(field: field) }
    }

    /// A u32 that must be at most `limit`, as an `Int`.
    mutating func readCount(field: String, limit: Int) throws(FederationError) -> Int {
        try readCount(field: field, limit: limit, elementBytes: 0)
    }

    mutating func readBytes(_ count: Int, field: String) throws(FederationError) -> [UInt8] {
        try decoding { reader throws(ByteReadError) in try reader.readBytes(count: count, field: field) }
    }

    mutating func readCounted(field: String, limit: Int) throws(FederationError) -> [UInt8] {
        try readBytes(readCount(field: field, limit: limit, elementBytes: 1), field: field)
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
        let count = try readCount(field: field, limit: limit, elementBytes: 4)
        return try decoding { reader throws(ByteReadError) in
            try reader.readIntegers(count: count, as: UInt32.self, field: field)
        }
    }

    /// A u32 count (exactly `expected`) then that many floats.
    mutating func readFloats(field: String, expected: Int) throws(FederationError) -> [Float] {
        let count = try readCount(field: field, limit: expected)
        guard count == expected else {
            throw .invalidField(field: field, reason: "\(count) values, expected \(expected)")
        }
        return try decoding { reader throws(ByteReadError) in try reader.readFloats(count: count, field: field) }
    }

    /// Throws unless every byte was read.
    /// Bytes not read yet.
    var remaining: Int { core.remaining }

    func finish() throws(FederationError) {
        guard core.isAtEnd else { throw .trailingBytes(count: core.remaining) }
    }

    private mutating func readCount(field: String, limit: Int, elementBytes: Int) throws(FederationError) -> Int {
        try decoding { reader throws(ByteReadError) in
            try reader.readCount(field: field, limit: limit, elementBytes: elementBytes)
        }
    }

    /// Runs `read` on the core reader, its failure as this module's error.
    private mutating func decoding<T>(_ read: (inout LittleEndianReader) throws(ByteReadError) -> T) throws(FederationError) -> T {
        try core.reading(read) { error -> FederationError in
            switch error {
            case let .truncated(field, _, _, _): .truncated(field: field)
            case let .countTooLarge(field, limit, actual): .tooLarge(field: field, limit: limit, actual: actual)
            }
        }
    }
}
