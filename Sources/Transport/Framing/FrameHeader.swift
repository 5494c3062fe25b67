import NIOCore

/// The 18-byte header before every payload, big-endian:
///
/// | bytes | field | value |
/// |---|---|---|
/// | 0..<4 | magic | `0x43484f52` ("CHOR") |
/// | 4 | version | 1 |
/// | 5 | type | caller's message type |
/// | 6..<14 | round | round id |
/// | 14..<18 | payload_length | bytes that follow |
public struct FrameHeader: Sendable, Equatable {
    /// "CHOR": tells a Chorus peer from anything else on the port.
    public static let magic: UInt32 = 0x4348_4F52
    /// The framing version this build reads and writes.
    public static let version: UInt8 = 1
    /// Header length in bytes.
    public static let size = 18

    public var type: UInt8
    public var round: UInt64
    public var payloadLength: UInt32

    /// Reads a header from the front of `buffer` and checks it against
    /// `limits`; nil (and nothing consumed) when fewer than `size` bytes are there.
    /// - Throws: `WireError` for a wrong magic or version, an unknown type or
    ///   an over-limit length.
    static func read(from buffer: inout ByteBuffer, limits: FrameLimits) throws(WireError) -> FrameHeader? {
        guard buffer.readableBytes >= size,
              let magic = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
              let version = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt8.self),
              let type = buffer.getInteger(at: buffer.readerIndex + 5, as: UInt8.self),
              let round = buffer.getInteger(at: buffer.readerIndex + 6, as: UInt64.self),
              let length = buffer.getInteger(at: buffer.readerIndex + 14, as: UInt32.self)
        else { return nil }
        guard magic == Self.magic else { throw .badMagic(expected: Self.magic, actual: magic) }
        guard version == Self.version else { throw .unsupportedVersion(expected: Self.version, actual: version) }
        try limits.check(type: type, payloadLength: Int(length))
        buffer.moveReaderIndex(forwardBy: size)
        return FrameHeader(type: type, round: round, payloadLength: length)
    }

    /// Appends the header to `buffer`.
    func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(Self.magic)
        buffer.writeInteger(Self.version)
        buffer.writeInteger(type)
        buffer.writeInteger(round)
        buffer.writeInteger(payloadLength)
    }
}
