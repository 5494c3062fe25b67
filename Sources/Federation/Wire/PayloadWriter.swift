/// Appends little-endian fields to a message being encoded.
struct PayloadWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: UInt8) { bytes.append(value) }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Double) { append(value.bitPattern) }

    mutating func append(_ value: Float) { append(value.bitPattern) }

    mutating func append(raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// A u32 length, then the bytes.
    mutating func append(counted: [UInt8]) {
        append(UInt32(truncatingIfNeeded: counted.count))
        bytes.append(contentsOf: counted)
    }

    mutating func append(text: String) {
        append(counted: Array(text.utf8.prefix(FederationWire.maximumTextBytes)))
    }

    /// A u32 count, then the words.
    mutating func append(words: [UInt32]) {
        append(count: words.count, of: words)
    }

    /// A u32 count, then the floats (their IEEE 754 bits).
    mutating func append(floats: [Float]) {
        append(count: floats.count, of: floats)
    }

    /// A u32 count, then 4-byte elements in little-endian order.
    private mutating func append<Element: BitwiseCopyable>(count: Int, of elements: [Element]) {
        precondition(MemoryLayout<Element>.size == 4, "4-byte elements")
        append(UInt32(truncatingIfNeeded: count))
        #if _endian(little)
        elements.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        elements.withUnsafeBytes { raw in
            for index in 0..<count { append(raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)) }
        }
        #endif
    }
}
