/// A TensorFlow 1 checkpoint ("tensor bundle", V2 format) read without
/// TensorFlow: the `.index` table maps each tensor name to a `BundleEntryProto`
/// (dtype, shape, shard, offset, size, masked CRC-32C), whose bytes sit in the
/// `.data-00000-of-00001` shard as raw little-endian values. Only single-shard,
/// unsliced float32 bundles are read; anything else is refused by name.
package enum TensorBundle {
    /// The largest tensor read (musicnn's largest is 1.2 MB).
    static let maximumElements = 1 << 26
    static let maximumRank = 8

    /// The tensors named in `wanted` (all float32 tensors when nil), with their CRC-32C checked.
    /// - Throws: `EncoderError` naming `indexPath` or `dataPath` and the tensor.
    package static func tensors(index: [UInt8], data: [UInt8], indexPath: String, dataPath: String,
                        wanted: Set<String>? = nil) throws(EncoderError) -> [String: EncoderTensor] {
        var tensors: [String: EncoderTensor] = [:]
        for (name, value) in try SortedTable.entries(index, path: indexPath) {
            if name.isEmpty {
                try checkHeader(value, path: indexPath)
                continue
            }
            if let wanted, !wanted.contains(name) { continue }
            let entry = try Entry(value, path: indexPath, tensor: name)
            guard entry.dtype == 1 else {
                if wanted == nil { continue }
                throw .corrupt(path: indexPath, field: "tensor \(name) dtype", reason: "is \(entry.dtype), expected 1 (float32)")
            }
            guard entry.size == entry.elements * 4, entry.offset <= data.count, entry.size <= data.count - entry.offset else {
                throw .corrupt(path: dataPath, field: "tensor \(name)",
                               reason: "spans bytes \(entry.offset)..+\(entry.size) of \(data.count) for \(entry.elements) floats")
            }
            let raw = data[entry.offset..<(entry.offset + entry.size)]
            guard CRC32C.masked(CRC32C.checksum(raw)) == entry.crc32c else {
                throw .checksumMismatch(path: dataPath, what: "CRC-32C of tensor \(name)")
            }
            var cursor = CheckpointCursor(raw, path: dataPath)
            var values = [Float]()
            values.reserveCapacity(entry.elements)
            for _ in 0..<entry.elements {
                values.append(Float(bitPattern: try cursor.fixed(UInt32.self, field: "tensor \(name)")))
            }
            tensors[name] = EncoderTensor(shape: entry.shape, values: values)
        }
        if let wanted, let absent = wanted.subtracting(tensors.keys).sorted().first {
            throw .missing(path: indexPath, what: "tensor \(absent)")
        }
        return tensors
    }

    /// The bundle header (`BundleHeaderProto`): one shard, little-endian.
    private static func checkHeader(_ value: ArraySlice<UInt8>, path: String) throws(EncoderError) {
        var cursor = CheckpointCursor(value, path: path)
        while !cursor.isAtEnd {
            let (field, number) = try Protobuf.field(&cursor, field: "bundle header")
            switch (field, number) {
            case (1, let shards?) where shards != 1:
                throw .corrupt(path: path, field: "bundle header shard count", reason: "is \(shards); only single-shard checkpoints are read")
            case (2, let endianness?) where endianness != 0:
                throw .corrupt(path: path, field: "bundle header endianness", reason: "is big-endian; only little-endian checkpoints are read")
            default: continue
            }
        }
    }

    /// The fields of one `BundleEntryProto` Chorus uses.
    private struct Entry {
        var dtype: UInt64 = 0
        var shape: [Int] = []
        var offset = 0
        var size = 0
        var crc32c: UInt32 = 0
        var elements: Int { shape.reduce(1, *) }

        init(_ value: ArraySlice<UInt8>, path: String, tensor: String) throws(EncoderError) {
            let field = "tensor \(tensor) entry"
            var cursor = CheckpointCursor(value, path: path)
            while !cursor.isAtEnd {
                let (number, scalar) = try Protobuf.field(&cursor, field: field)
                switch number {
                case 1: dtype = scalar ?? 0
                case 2:
                    guard scalar == nil else { throw .corrupt(path: path, field: "\(field) shape", reason: "is not a message") }
                    shape = try Protobuf.shape(try Protobuf.lengthDelimited(&cursor, field: field), path: path, field: "\(field) shape",
                                               maximumRank: TensorBundle.maximumRank, maximumElements: TensorBundle.maximumElements)
                case 3 where (scalar ?? 0) != 0:
                    throw .corrupt(path: path, field: "\(field) shard", reason: "is \(scalar ?? 0); only shard 0 is read")
                case 4: offset = Int(clamping: scalar ?? 0)
                case 5: size = Int(clamping: scalar ?? 0)
                case 6: crc32c = UInt32(truncatingIfNeeded: scalar ?? 0)
                case 7: throw .corrupt(path: path, field: "\(field) slices", reason: "are present; sliced tensors are not read")
                default:
                    if scalar == nil { _ = try Protobuf.lengthDelimited(&cursor, field: field) }
                }
            }
        }
    }
}
