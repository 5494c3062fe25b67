/// A bounded little-endian reader over a cache file's bytes: every read
/// returns a value or throws (`cacheTruncated` past the end, `cacheCorrupt`
/// for a value out of range) naming the field, and never advances on failure.
struct FeatureCacheReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    private(set) var offset = 0

    init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    var remaining: Int { bytes.count - offset }

    mutating func bytes(_ count: Int, field: String) throws(AudioError) -> [UInt8] {
        try require(count, field: field)
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func uint32(field: String) throws(AudioError) -> UInt32 {
        try require(4, field: field)
        defer { offset += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func uint64(field: String) throws(AudioError) -> UInt64 {
        try require(8, field: field)
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// `value` as an `Int` if it lies in `range`.
    func count(_ value: UInt64, field: String, range: ClosedRange<Int>) throws(AudioError) -> Int {
        guard let count = Int(exactly: value), range.contains(count) else {
            throw .cacheCorrupt(path: path, field: field, reason: "is \(value), expected \(range.lowerBound)...\(range.upperBound)")
        }
        return count
    }

    /// A UInt32 byte length, then that many bytes of UTF-8.
    mutating func string(field: String, maximumBytes: Int) throws(AudioError) -> String {
        let start = offset
        let length = try count(UInt64(try uint32(field: field)), field: field, range: 0...maximumBytes)
        do throws(AudioError) {
            let utf8 = try bytes(length, field: field)
            guard let text = String(validating: utf8, as: UTF8.self) else {
                throw AudioError.cacheCorrupt(path: path, field: field, reason: "is not UTF-8")
            }
            return text
        } catch {
            offset = start
            throw error
        }
    }

    /// `count` Int32 values, each in `range`.
    mutating func int32s(_ count: Int, field: String, range: Range<Int32>) throws(AudioError) -> [Int32] {
        try require(count * 4, field: field)
        var values = [Int32](repeating: 0, count: count)
        for index in 0..<count {
            let value = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4 * index, as: Int32.self))
            guard range.contains(value) else {
                throw .cacheCorrupt(path: path, field: "\(field)[\(index)]",
                                    reason: "is \(value), expected \(range.lowerBound)..<\(range.upperBound)")
            }
            values[index] = value
        }
        offset += count * 4
        return values
    }

    private func require(_ count: Int, field: String) throws(AudioError) {
        guard count <= remaining else {
            throw .cacheTruncated(path: path, expectedBytes: offset + count, actualBytes: bytes.count)
        }
    }
}
