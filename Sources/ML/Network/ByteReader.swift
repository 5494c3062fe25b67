import ChorusSupport

/// The model file's bounded reader: `LittleEndianReader` with its failures as
/// `MLError` naming the file and field, plus range-checked integer fields.
struct ByteReader {
    private var core: LittleEndianReader
    /// The file the bytes came from, for errors.
    let path: String

    init(_ bytes: ArraySlice<UInt8>, path: String) {
        core = LittleEndianReader(bytes)
        self.path = path
    }

    /// Bytes read so far.
    var readerIndex: Int { core.readerIndex }

    /// Bytes not yet read.
    var remaining: Int { core.remaining }

    mutating func bytes(_ count: Int, field: String) throws(MLError) -> [UInt8] {
        try decoding { reader throws(ByteReadError) in try reader.readBytes(count: count, field: field) }
    }

    mutating func uint16(_ field: String) throws(MLError) -> UInt16 {
        try decoding { reader throws(ByteReadError) in try reader.readInteger(field: field) }
    }

    mutating func uint32(_ field: String) throws(MLError) -> UInt32 {
        try decoding { reader throws(ByteReadError) in try reader.readInteger(field: field) }
    }

    mutating func uint64(_ field: String) throws(MLError) -> UInt64 {
        try decoding { reader throws(ByteReadError) in try reader.readInteger(field: field) }
    }

    mutating func float(_ field: String) throws(MLError) -> Float {
        try decoding { reader throws(ByteReadError) in try reader.readFloat(field: field) }
    }

    /// `count` floats in one copy.
    mutating func floats(_ count: Int, field: String) throws(MLError) -> [Float] {
        try decoding { reader throws(ByteReadError) in try reader.readFloats(count: count, field: field) }
    }

    /// A `UInt32` field as an `Int` within `range`.
    mutating func int(_ field: String, in range: ClosedRange<Int>) throws(MLError) -> Int {
        let value = Int(try uint32(field))
        guard range.contains(value) else {
            throw MLError.corruptField(path: path, field: field, reason: "is \(value), expected \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// Runs `read` on the core reader, its failure as this module's error.
    private mutating func decoding<T>(_ read: (inout LittleEndianReader) throws(ByteReadError) -> T) throws(MLError) -> T {
        try core.reading(read) { error -> MLError in
            switch error {
            case let .truncated(field, _, _, _): .truncated(path: path, field: field)
            case let .countTooLarge(field, limit, actual):
                .corruptField(path: path, field: field, reason: "is \(actual), expected at most \(limit)")
            }
        }
    }
}
