/// The one bounded little-endian reader under every Chorus decoder (secure
/// aggregation and federation messages, model files, feature caches), shaped
/// after swift-nio's `ByteBuffer` reads: each read either returns its value and
/// moves past it, or throws `ByteReadError` naming the field and leaves the
/// reader where it was. Nothing is read past the end and nothing is allocated
/// before the bytes for it are known to be there.
///
/// Modules wrap it to turn `ByteReadError` into their own typed error and to add
/// their own rules (sorted participant lists, UTF-8 text, value ranges).
public struct LittleEndianReader {
    private enum Storage {
        case array(ArraySlice<UInt8>)
        case unsafe(UnsafeRawBufferPointer)
    }

    private let storage: Storage
    private let byteCount: Int
    /// Bytes read so far, counted from the start of the reader's bytes.
    public private(set) var readerIndex = 0

    /// A reader over `bytes`, which it keeps alive.
    public init(_ bytes: ArraySlice<UInt8>) {
        storage = .array(bytes)
        byteCount = bytes.count
    }

    /// A reader over memory it does not own, such as a memory-mapped file, so a
    /// large file is parsed in place instead of copied first.
    /// - Important: the reader must not be used after `bytes` is released (for
    ///   a `Data`, after its `withUnsafeBytes` closure returns).
    public init(unsafeBytes bytes: UnsafeRawBufferPointer) {
        storage = .unsafe(bytes)
        byteCount = bytes.count
    }

    /// Bytes not read yet.
    public var remaining: Int { byteCount - readerIndex }

    /// Whether every byte was read; a decoder that expects no more checks this
    /// to reject trailing bytes.
    public var isAtEnd: Bool { readerIndex == byteCount }

    /// Reads a little-endian integer of `T`'s width.
    /// - Throws: `.truncated` if fewer than `MemoryLayout<T>.size` bytes are left.
    public mutating func readInteger<T: FixedWidthInteger>(as _: T.Type = T.self, field: String) throws(ByteReadError) -> T {
        try read(MemoryLayout<T>.size, field: field) { raw in
            var value = T.zero
            for (shift, byte) in raw.enumerated() { value |= T(truncatingIfNeeded: byte) << (8 * shift) }
            return value
        }
    }

    /// Reads an IEEE 754 single (its bits as a little-endian `UInt32`).
    public mutating func readFloat(field: String) throws(ByteReadError) -> Float {
        Float(bitPattern: try readInteger(as: UInt32.self, field: field))
    }

    /// Reads an IEEE 754 double (its bits as a little-endian `UInt64`).
    public mutating func readDouble(field: String) throws(ByteReadError) -> Double {
        Double(bitPattern: try readInteger(as: UInt64.self, field: field))
    }

    /// Reads exactly `count` bytes.
    /// - Throws: `.truncated` if `count` is negative or more than `remaining`.
    public mutating func readBytes(count: Int, field: String) throws(ByteReadError) -> [UInt8] {
        try read(count, field: field) { Array($0) }
    }

    /// Reads a `UInt32` count, checked against `limit` and then against the
    /// bytes left given that each element takes at least `elementBytes` (0 when
    /// elements may be empty), so a hostile count never sizes a buffer.
    /// - Throws: `.truncated` (for the count itself, or for `count × elementBytes`
    ///   at the offset after it), `.countTooLarge` above `limit`.
    public mutating func readCount(field: String, limit: Int, elementBytes: Int) throws(ByteReadError) -> Int {
        precondition(limit >= 0 && elementBytes >= 0, "limits are non-negative")
        let raw = try peek(MemoryLayout<UInt32>.size, at: readerIndex, field: field) { raw in
            raw.loadUnaligned(as: UInt32.self)
        }
        let count = Int(UInt32(littleEndian: raw))
        guard count <= limit else { throw .countTooLarge(field: field, limit: limit, actual: count) }
        let elementsStart = readerIndex + MemoryLayout<UInt32>.size
        let (needed, overflow) = count.multipliedReportingOverflow(by: elementBytes)
        guard !overflow, needed <= byteCount - elementsStart else {
            throw truncation(field: field, at: elementsStart, needed: overflow ? .max : needed)
        }
        readerIndex = elementsStart
        return count
    }

    /// Runs `reads` on this reader and turns their failure into the caller's
    /// error type, so a module's reader maps `ByteReadError` in one place.
    public mutating func reading<T, Failure: Error>(
        _ reads: (inout LittleEndianReader) throws(ByteReadError) -> T,
        mappingError transform: (ByteReadError) -> Failure
    ) throws(Failure) -> T {
        do {
            return try reads(&self)
        } catch {
            throw transform(error)
        }
    }

    /// Runs `body` on the next `count` bytes, then moves past them.
    mutating func read<T>(_ count: Int, field: String, _ body: (UnsafeRawBufferPointer) -> T) throws(ByteReadError) -> T {
        let value = try peek(count, at: readerIndex, field: field, body)
        readerIndex += count
        return value
    }

    /// Runs `body` on `count` bytes at `offset` after checking they exist.
    private func peek<T>(_ count: Int, at offset: Int, field: String,
                         _ body: (UnsafeRawBufferPointer) -> T) throws(ByteReadError) -> T {
        guard count >= 0, count <= byteCount - offset else { throw truncation(field: field, at: offset, needed: count) }
        switch storage {
        case .array(let bytes):
            return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
        case .unsafe(let bytes):
            return body(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
        }
    }

    /// The error for `needed` bytes at `offset`, `needed` saturated so that
    /// `offset + needed` never overflows for an impossible (overflowing) size.
    private func truncation(field: String, at offset: Int, needed: Int) -> ByteReadError {
        .truncated(field: field, offset: offset, needed: min(needed, .max - offset), available: byteCount - offset)
    }
}
