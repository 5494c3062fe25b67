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
        append(UInt32(truncatingIfNeeded: words.count))
        #if _endian(little)
        words.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for word in words { append(word) }
        #endif
    }

    /// A u32 count, then the floats.
    mutating func append(floats: [Float]) {
        append(UInt32(truncatingIfNeeded: floats.count))
        #if _endian(little)
        floats.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in floats { append(value) }
        #endif
    }
}
