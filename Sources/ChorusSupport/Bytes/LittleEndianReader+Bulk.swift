/// Bulk reads: a whole vector of words or floats in one bounds check and one
/// copy, for masked inputs, model parameters and cache labels (millions of
/// values, where a read per element would dominate decoding).
extension LittleEndianReader {
    /// Reads `count` little-endian integers of `T`'s width.
    /// - Throws: `.truncated` unless `count × MemoryLayout<T>.size` bytes are
    ///   left (checked before the array is allocated).
    /// - Complexity: O(`count`), one memory copy on little-endian hosts.
    public mutating func readIntegers<T: FixedWidthInteger & BitwiseCopyable>(
        count: Int, as _: T.Type = T.self, field: String
    ) throws(ByteReadError) -> [T] {
        let values: [T] = try readArray(count: count, field: field)
        #if _endian(big)
        return values.map { T(littleEndian: $0) }
        #else
        return values
        #endif
    }

    /// Reads `count` IEEE 754 singles, each stored as its little-endian bits.
    /// - Throws: `.truncated` unless `4 × count` bytes are left.
    /// - Complexity: O(`count`), one memory copy on little-endian hosts.
    public mutating func readFloats(count: Int, field: String) throws(ByteReadError) -> [Float] {
        #if _endian(big)
        return try readIntegers(count: count, as: UInt32.self, field: field).map(Float.init(bitPattern:))
        #else
        return try readArray(count: count, field: field)
        #endif
    }

    /// `count` values copied as they lie in memory (little-endian on this host).
    private mutating func readArray<T: BitwiseCopyable>(count: Int, field: String) throws(ByteReadError) -> [T] {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        // An overflowing or negative size can never be satisfied: `read` reports it as truncated.
        return try read(overflow ? .max : byteCount, field: field) { raw in
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
                initialized = count
            }
        }
    }
}
