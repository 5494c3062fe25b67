import ChorusSupport

/// The feature cache's bounded reader: `LittleEndianReader` over the mapped
/// file in place (no copy of a file that can be hundreds of megabytes), with
/// its failures as `AudioError` (`cacheTruncated` with the byte counts,
/// `cacheCorrupt` for a value out of range) naming the field; it never
/// advances on failure.
struct FeatureCacheReader {
    private var core: LittleEndianReader
    let path: String

    /// A reader over `bytes`, which must outlive it (the mapped file's `withUnsafeBytes` scope).
    init(bytes: UnsafeRawBufferPointer, path: String) {
        core = LittleEndianReader(unsafeBytes: bytes)
        self.path = path
    }

    /// Bytes read so far, from the start of the file.
    var offset: Int { core.readerIndex }

    var remaining: Int { core.remaining }

    mutating func bytes(_ count: Int, field: String) throws(AudioError) -> [UInt8] {
        try decoding { reader throws(ByteReadError) in try reader.readBytes(count: count, field: field) }
    }

    mutating func uint32(field: String) throws(AudioError) -> UInt32 {
        try decoding { reader throws(ByteReadError) in try reader.readInteger(field: field) }
    }

    mutating func uint64(field: String) throws(AudioError) -> UInt64 {
        try decoding { reader throws(ByteReadError) in try reader.readInteger(field: field) }
    }

    /// `value` as an `Int` if it lies in `range`.
    func count(_ value: UInt64, field: String, range: ClosedRange<Int>) throws(AudioError) -> Int {
        guard let count = Int(exactly: value), range.contains(count) else {
            throw .cacheCorrupt(path: path, field: field, reason: "is \(value), expected \(range.lowerBound)...\(range.upperBound)")
        }
        return count
    }

    /// A UInt32 byte length (at most `maximumBytes`), then that many bytes of UTF-8.
    mutating func string(field: String, maximumBytes: Int) throws(AudioError) -> String {
        let start = core
        let utf8 = try decoding { reader throws(ByteReadError) in
            // Cannot fail once the count is read: it was checked against the bytes left.
            try reader.readBytes(count: reader.readCount(field: field, limit: maximumBytes, elementBytes: 1), field: field)
        }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            core = start
            throw .cacheCorrupt(path: path, field: field, reason: "is not UTF-8")
        }
        return text
    }

    /// `count` Int32 values, each in `range`.
    mutating func int32s(_ count: Int, field: String, range: Range<Int32>) throws(AudioError) -> [Int32] {
        let start = core
        let values = try decoding { reader throws(ByteReadError) in
            try reader.readIntegers(count: count, as: Int32.self, field: field)
        }
        for (index, value) in values.enumerated() where !range.contains(value) {
            core = start
            throw .cacheCorrupt(path: path, field: "\(field)[\(index)]",
                                reason: "is \(value), expected \(range.lowerBound)..<\(range.upperBound)")
        }
        return values
    }

    /// Runs `read` on the core reader, its failure as this module's error.
    private mutating func decoding<T>(_ read: (inout LittleEndianReader) throws(ByteReadError) -> T) throws(AudioError) -> T {
        try core.reading(read) { error -> AudioError in
            switch error {
            // `offset + needed` cannot overflow: the core saturates `needed`.
            case let .truncated(_, offset, needed, available):
                .cacheTruncated(path: path, expectedBytes: offset + needed, actualBytes: offset + available)
            case let .countTooLarge(field, limit, actual):
                .cacheCorrupt(path: path, field: field, reason: "is \(actual), expected 0...\(limit)")
            }
        }
    }
}
