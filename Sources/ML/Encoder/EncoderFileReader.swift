import ChorusSupport

/// The encoder file's bounded reader: `LittleEndianReader` with its failures
/// as `EncoderError` naming the file and field.
struct EncoderFileReader {
    private var core: LittleEndianReader
    let path: String

    init(_ bytes: ArraySlice<UInt8>, path: String) {
        core = LittleEndianReader(bytes)
        self.path = path
    }

    var readerIndex: Int { core.readerIndex }
    var remaining: Int { core.remaining }

    mutating func integer<T: FixedWidthInteger>(_ field: String) throws(EncoderError) -> T {
        try decoding { reader throws(ByteReadError) in try reader.readInteger(field: field) }
    }

    mutating func bytes(_ count: Int, field: String) throws(EncoderError) -> [UInt8] {
        try decoding { reader throws(ByteReadError) in try reader.readBytes(count: count, field: field) }
    }

    mutating func floats(_ count: Int, field: String) throws(EncoderError) -> [Float] {
        try decoding { reader throws(ByteReadError) in try reader.readFloats(count: count, field: field) }
    }

    /// A u16-length UTF-8 string of at most `limit` bytes.
    mutating func text(_ field: String, limit: Int) throws(EncoderError) -> String {
        let length = Int(try integer(field) as UInt16)
        guard length <= limit else { throw .corrupt(path: path, field: field, reason: "is \(length) bytes, expected at most \(limit)") }
        guard let text = String(validating: try bytes(length, field: field), as: UTF8.self) else {
            throw .corrupt(path: path, field: field, reason: "is not valid UTF-8")
        }
        return text
    }

    private mutating func decoding<T>(_ read: (inout LittleEndianReader) throws(ByteReadError) -> T) throws(EncoderError) -> T {
        try core.reading(read) { error -> EncoderError in
            switch error {
            case let .truncated(field, _, _, _): .truncated(path: path, field: field)
            case let .countTooLarge(field, limit, actual): .corrupt(path: path, field: field, reason: "is \(actual), expected at most \(limit)")
            }
        }
    }
}
