import ML

/// Builds a tiny TensorFlow checkpoint (a LevelDB-format `.index` table of
/// `BundleEntryProto`s and its data shard) byte by byte, without TensorFlow,
/// following the formats' specifications: the reader is tested against bytes
/// it did not write itself.
enum CheckpointFixture {
    /// An index and data shard holding `tensors` (sorted by name, prefix-compressed keys).
    static func make(_ tensors: [(name: String, shape: [Int], values: [Float])]) -> (index: [UInt8], data: [UInt8]) {
        var data: [UInt8] = []
        // The bundle header (empty key): num_shards 1, version { producer 1 }.
        var entries: [(key: [UInt8], value: [UInt8])] = [([], [0x08, 0x01, 0x1a, 0x02, 0x08, 0x01])]
        for tensor in tensors.sorted(by: { $0.name < $1.name }) {
            let raw = tensor.values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
            var shape: [UInt8] = []
            for dimension in tensor.shape {
                let dim = [0x08] + varint(UInt64(dimension))
                shape += [0x12] + varint(UInt64(dim.count)) + dim
            }
            var entry: [UInt8] = [0x08, 0x01, 0x12] + varint(UInt64(shape.count)) + shape
            entry += [0x20] + varint(UInt64(data.count)) + [0x28] + varint(UInt64(raw.count))
            let crc = CRC32C.masked(CRC32C.checksum(raw[...]))
            entry += [0x35] + (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
            entries.append((Array(tensor.name.utf8), entry))
            data += raw
        }
        var index: [UInt8] = []
        let dataHandle = appendBlock(entries, to: &index)
        let lastKey = entries.last?.key ?? []
        let indexHandle = appendBlock([(lastKey, dataHandle)], to: &index)
        var footer: [UInt8] = [0x00, 0x00] + indexHandle
        footer += [UInt8](repeating: 0, count: 40 - footer.count)
        let magic: UInt64 = 0xdb47_7524_8b80_fb57
        footer += (0..<8).map { UInt8(truncatingIfNeeded: magic >> (8 * UInt64($0))) }
        return (index + footer, data)
    }

    /// Appends a block (prefix-compressed entries, one restart, trailer) and returns its handle.
    private static func appendBlock(_ entries: [(key: [UInt8], value: [UInt8])], to file: inout [UInt8]) -> [UInt8] {
        var block: [UInt8] = []
        var previous: [UInt8] = []
        for (key, value) in entries {
            let shared = zip(previous, key).prefix { $0 == $1 }.count
            block += varint(UInt64(shared)) + varint(UInt64(key.count - shared)) + varint(UInt64(value.count))
            block += key[shared...] + value
            previous = key
        }
        block += [0, 0, 0, 0, 1, 0, 0, 0]  // one restart at offset 0, restart count 1
        let handle = varint(UInt64(file.count)) + varint(UInt64(block.count))
        let crc = CRC32C.masked(CRC32C.checksum(block[...], [0][...]))
        file += block + [0] + (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
        return handle
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value, bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    /// A zip archive storing `members` uncompressed (method 0), with CRC-32s from `crc`.
    static func storedZip(_ members: [(name: String, bytes: [UInt8])], crc: ([UInt8]) -> UInt32) -> [UInt8] {
        func le(_ value: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var file: [UInt8] = [], directory: [UInt8] = []
        for (name, bytes) in members {
            let offset = file.count, checksum = Int(crc(bytes)), nameBytes = Array(name.utf8)
            let common = le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(checksum, 4) + le(bytes.count, 4) + le(bytes.count, 4)
                + le(nameBytes.count, 2) + le(0, 2)
            file += le(0x0403_4b50, 4) + common + nameBytes + bytes
            directory += le(0x0201_4b50, 4) + le(20, 2) + common + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + nameBytes
        }
        let end = le(0x0605_4b50, 4) + le(0, 4) + le(members.count, 2) + le(members.count, 2) + le(directory.count, 4)
            + le(file.count, 4) + le(0, 2)
        return file + directory + end
    }
}
