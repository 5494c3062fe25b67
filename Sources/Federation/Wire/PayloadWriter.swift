import ChorusSupport

/// Appends little-endian fields to a message being encoded: the ChorusSupport
/// writer plus this wire's counted bytes, text and counted vectors.
struct PayloadWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: UInt8) { bytes.append(value) }

    mutating func append<T: FixedWidthInteger>(_ value: T) { bytes.appendLittleEndian(value) }

    mutating func append(_ value: Double) { bytes.appendLittleEndian(value) }

    mutating func append(_ value: Float) { bytes.appendLittleEndian(value) }

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
        bytes.appendLittleEndian(contentsOf: words)
    }

    /// A u32 count, then the floats (their IEEE 754 bits).
    mutating func append(floats: [Float]) {
        append(UInt32(truncatingIfNeeded: floats.count))
        bytes.appendLittleEndian(contentsOf: floats)
    }
}
