/// The key-value entries of a LevelDB-format table (TensorFlow's checkpoint
/// `.index`): the 48-byte footer points to the index block, whose entries
/// point to the data blocks; each block holds prefix-compressed entries then
/// its restart array, and is followed by a compression byte (only 0, none, is
/// read) and the masked CRC-32C of both, which is checked.
enum SortedTable {
    static let footerSize = 48
    static let magic: UInt64 = 0xdb47_7524_8b80_fb57
    /// Bounds for a checkpoint index: a few hundred tensors, short names.
    static let maximumEntries = 100_000
    static let maximumKeyLength = 4096

    /// Every entry of the table in `bytes` read from `path`, in file order.
    static func entries(_ bytes: [UInt8], path: String) throws(EncoderError) -> [(key: String, value: ArraySlice<UInt8>)] {
        guard bytes.count >= footerSize else { throw .truncated(path: path, field: "table footer") }
        var footer = CheckpointCursor(bytes[(bytes.count - footerSize)...], path: path)
        _ = try footer.varint(field: "metaindex offset")
        _ = try footer.varint(field: "metaindex size")
        let indexHandle = try handle(&footer, bytes: bytes, field: "index block")
        var magicCursor = CheckpointCursor(bytes[(bytes.count - 8)...], path: path)
        guard try magicCursor.fixed(UInt64.self, field: "table magic") == magic else {
            throw .corrupt(path: path, field: "table magic", reason: "is wrong: not a TensorFlow checkpoint index")
        }
        var entries: [(key: String, value: ArraySlice<UInt8>)] = []
        for (_, value) in try block(bytes, at: indexHandle, path: path, name: "index block") {
            var cursor = CheckpointCursor(value, path: path)
            let dataHandle = try handle(&cursor, bytes: bytes, field: "data block handle")
            for entry in try block(bytes, at: dataHandle, path: path, name: "data block at \(dataHandle.lowerBound)") {
                guard entries.count < maximumEntries else {
                    throw .corrupt(path: path, field: "entry count", reason: "exceeds \(maximumEntries)")
                }
                entries.append(entry)
            }
        }
        return entries
    }

    /// A block handle (offset and size varints) as a range inside `bytes`, its 5-byte trailer after it.
    private static func handle(_ cursor: inout CheckpointCursor, bytes: [UInt8], field: String) throws(EncoderError) -> Range<Int> {
        let offset = try cursor.count(field: "\(field) offset", limit: bytes.count)
        let size = try cursor.count(field: "\(field) size", limit: bytes.count)
        guard size <= bytes.count - offset, 5 <= bytes.count - offset - size else {
            throw .truncated(path: cursor.path, field: field)
        }
        return offset..<(offset + size)
    }

    /// The entries of one block, its checksum and compression byte checked.
    private static func block(_ bytes: [UInt8], at range: Range<Int>, path: String,
                              name: String) throws(EncoderError) -> [(key: String, value: ArraySlice<UInt8>)] {
        let contents = bytes[range]
        var trailer = CheckpointCursor(bytes[range.upperBound..<(range.upperBound + 5)], path: path)
        let compression = try trailer.take(1, field: "\(name) compression")
        guard compression.first == 0 else {
            throw .corrupt(path: path, field: "\(name) compression", reason: "is \(compression.first ?? 0); only uncompressed (0) blocks are read")
        }
        guard try trailer.fixed(UInt32.self, field: "\(name) checksum") == CRC32C.masked(CRC32C.checksum(contents, compression)) else {
            throw .checksumMismatch(path: path, what: "CRC-32C of the \(name)")
        }
        guard contents.count >= 4 else { throw .truncated(path: path, field: "\(name) restart count") }
        var tail = CheckpointCursor(contents[(range.upperBound - 4)...], path: path)
        let restarts = Int(try tail.fixed(UInt32.self, field: "\(name) restart count"))
        guard restarts <= (contents.count - 4) / 4 else {
            throw .corrupt(path: path, field: "\(name) restart count", reason: "is \(restarts), more than the block holds")
        }
        var cursor = CheckpointCursor(bytes[range.lowerBound..<(range.upperBound - 4 - 4 * restarts)], path: path)
        var entries: [(key: String, value: ArraySlice<UInt8>)] = []
        var key: [UInt8] = []
        while !cursor.isAtEnd {
            let field = "\(name) entry \(entries.count + 1)"
            let shared = try cursor.count(field: field, limit: key.count)
            let unshared = try cursor.count(field: field, limit: maximumKeyLength - shared)
            let valueLength = try cursor.count(field: field, limit: contents.count)
            key = Array(key[..<shared]) + (try cursor.take(unshared, field: field))
            let value = try cursor.take(valueLength, field: field)
            guard let text = String(validating: key, as: UTF8.self) else {
                throw .corrupt(path: path, field: field, reason: "has a key that is not UTF-8")
            }
            entries.append((text, value))
        }
        return entries
    }
}
