import NIOCore

/// Cuts a byte stream into frames, incrementally: `append(_:)` whatever
/// arrived, then call `nextFrame()` until it returns nil ("need more bytes").
///
/// Once the header of a frame has been read, the buffer reserves room for the
/// whole payload at once, so a 2.5 MB update arriving in 16 KB pieces is copied
/// in linear time. Headers are checked against the caller's `FrameLimits`
/// before anything is reserved.
public struct Framer {
    private let limits: FrameLimits
    private var buffer: ByteBuffer
    private var pending: FrameHeader?

    public init(limits: FrameLimits, allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        self.limits = limits
        buffer = allocator.buffer(capacity: 0)
    }

    /// Bytes received but not yet returned as frames (including a read header).
    public var bufferedBytes: Int {
        buffer.readableBytes + (pending == nil ? 0 : FrameHeader.size)
    }

    /// Adds bytes received from the peer.
    public mutating func append(_ bytes: ByteBuffer) {
        buffer.writeImmutableBuffer(bytes)
    }

    /// The next complete frame, or nil when more bytes are needed.
    /// - Throws: `WireError` when a header breaks the format or its type's limit;
    ///   the stream cannot be resynchronized after that, so drop the peer.
    /// - Complexity: O(payload length) for a returned frame.
    public mutating func nextFrame() throws(WireError) -> Frame? {
        if pending == nil {
            guard let header = try FrameHeader.read(from: &buffer, limits: limits) else {
                compact()
                return nil
            }
            pending = header
            let missing = Int(header.payloadLength) - buffer.readableBytes
            if missing > 0 {
                compact()
                buffer.reserveCapacity(minimumWritableBytes: missing)
            }
        }
        guard let header = pending,
              let payload = buffer.readBytes(length: Int(header.payloadLength)) else { return nil }
        pending = nil
        return Frame(type: header.type, round: header.round, payload: payload)
    }

    /// Encodes `frame` (header then payload) into `buffer`.
    /// - Throws: `WireError` when the frame breaks `limits`, so we never send
    ///   what the peer must refuse.
    public static func encode(_ frame: Frame, limits: FrameLimits, into buffer: inout ByteBuffer) throws(WireError) {
        try limits.check(type: frame.type, payloadLength: frame.payload.count)
        buffer.reserveCapacity(minimumWritableBytes: FrameHeader.size + frame.payload.count)
        FrameHeader(type: frame.type, round: frame.round, payloadLength: UInt32(frame.payload.count))
            .write(to: &buffer)
        buffer.writeBytes(frame.payload)
    }

    /// Drops consumed bytes once they make up most of the storage, so the
    /// buffer does not grow without bound over a long connection.
    private mutating func compact() {
        if buffer.readerIndex > 0, buffer.readerIndex >= buffer.readableBytes {
            buffer.discardReadBytes()
        }
    }
}
