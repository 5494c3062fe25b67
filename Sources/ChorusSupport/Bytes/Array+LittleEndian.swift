/// The one little-endian writer under every Chorus encoder, the counterpart of
/// `LittleEndianReader` (shaped after swift-nio's `ByteBuffer.writeInteger`):
/// it appends to a `[UInt8]` so encoders build a message or file in one array.
extension Array where Element == UInt8 {
    /// Appends the little-endian bytes of `value` (`MemoryLayout<T>.size` of them).
    public mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// Appends an IEEE 754 single as its little-endian bits.
    public mutating func appendLittleEndian(_ value: Float) {
        appendLittleEndian(value.bitPattern)
    }

    /// Appends an IEEE 754 double as its little-endian bits.
    public mutating func appendLittleEndian(_ value: Double) {
        appendLittleEndian(value.bitPattern)
    }

    /// Appends each of `values` little-endian, in order (no count prefix).
    /// - Complexity: O(`values.count`), one memory copy on little-endian hosts.
    public mutating func appendLittleEndian<T: FixedWidthInteger & BitwiseCopyable>(contentsOf values: [T]) {
        #if _endian(big)
        for value in values { appendLittleEndian(value) }
        #else
        values.withUnsafeBytes { append(contentsOf: $0) }
        #endif
    }

    /// Appends each of `values` as its little-endian bits, in order (no count prefix).
    /// - Complexity: O(`values.count`), one memory copy on little-endian hosts.
    public mutating func appendLittleEndian(contentsOf values: [Float]) {
        #if _endian(big)
        for value in values { appendLittleEndian(value.bitPattern) }
        #else
        values.withUnsafeBytes { append(contentsOf: $0) }
        #endif
    }
}
