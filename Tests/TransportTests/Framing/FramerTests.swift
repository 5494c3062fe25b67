import NIOCore
import Testing
import Transport

/// The framer cuts any split of a byte stream into the same frames and
/// refuses bad headers with errors naming the field and numbers.
struct FramerTests {
    private let limits = FrameLimits([1: 1_000, 2: 10])

    private func encoded(_ frames: [Frame]) throws -> [UInt8] {
        var buffer = ByteBuffer()
        for frame in frames { try Framer.encode(frame, limits: limits, into: &buffer) }
        return Array(buffer.readableBytesView)
    }

    private func header(magic: UInt32 = FrameHeader.magic, version: UInt8 = FrameHeader.version,
                        type: UInt8 = 1, round: UInt64 = 5, length: UInt32 = 0) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(magic)
        buffer.writeInteger(version)
        buffer.writeInteger(type)
        buffer.writeInteger(round)
        buffer.writeInteger(length)
        return buffer
    }

    @Test(arguments: 0..<20)
    func randomFramesSurviveAnySplit(seed: Int) throws {
        var random = SeededBytes(seed: UInt64(seed))
        let sizes = random.bytes(6)
        let frames = sizes.enumerated().map { index, size in
            Frame(type: size % 2 == 0 ? 1 : 2, round: UInt64(seed * 10 + index),
                  payload: random.bytes(size % 2 == 0 ? Int(size) * 3 : Int(size) % 11))
        }
        let stream = try encoded(frames)
        // Cut the stream at seeded points, including empty and one-byte pieces.
        var framer = Framer(limits: limits)
        var decoded: [Frame] = []
        var offset = 0
        var cuts = random.bytes(stream.count)
        while offset < stream.count {
            let piece = min(stream.count - offset, Int(cuts.removeLast() % 40))
            framer.append(ByteBuffer(bytes: stream[offset..<offset + piece]))
            offset += piece
            while let frame = try framer.nextFrame() { decoded.append(frame) }
        }
        #expect(decoded == frames, "seed \(seed)")
        #expect(framer.bufferedBytes == 0)
    }

    @Test func everyPrefixYieldsNothingUntilComplete() throws {
        let frame = Frame(type: 1, round: 9, payload: Array(0..<50))
        let stream = try encoded([frame])
        for length in 0..<stream.count {
            var framer = Framer(limits: limits)
            framer.append(ByteBuffer(bytes: stream.prefix(length)))
            #expect(try framer.nextFrame() == nil, "prefix \(length)")
        }
        var framer = Framer(limits: limits)
        for byte in stream { framer.append(ByteBuffer(bytes: [byte])) }
        #expect(try framer.nextFrame() == frame)
        #expect(try framer.nextFrame() == nil)
    }

    @Test func headerIsEighteenBigEndianBytes() throws {
        let stream = try encoded([Frame(type: 2, round: 0x0102_0304_0506_0708, payload: [0xAA])])
        #expect(stream == [0x43, 0x48, 0x4F, 0x52, 1, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1, 0xAA])
    }

    @Test func wrongMagicIsRefused() {
        var framer = Framer(limits: limits)
        framer.append(header(magic: 0x4854_5450))
        #expect(throws: WireError.badMagic(expected: FrameHeader.magic, actual: 0x4854_5450)) {
            try framer.nextFrame()
        }
    }

    @Test func unknownVersionIsRefused() {
        var framer = Framer(limits: limits)
        framer.append(header(version: 7))
        #expect(throws: WireError.unsupportedVersion(expected: 1, actual: 7)) { try framer.nextFrame() }
    }

    @Test func unknownTypeIsRefused() {
        var framer = Framer(limits: limits)
        framer.append(header(type: 3))
        #expect(throws: WireError.unknownMessageType(3)) { try framer.nextFrame() }
    }

    @Test func oversizedLengthIsRefusedBeforeThePayloadArrives() {
        var framer = Framer(limits: limits)
        framer.append(header(type: 2, length: UInt32.max))
        #expect(throws: WireError.payloadTooLarge(type: 2, limit: 10, actual: Int(UInt32.max))) {
            try framer.nextFrame()
        }
    }

    @Test func encodingOverTheLimitIsRefused() {
        var buffer = ByteBuffer()
        #expect(throws: WireError.payloadTooLarge(type: 2, limit: 10, actual: 11)) {
            try Framer.encode(Frame(type: 2, round: 0, payload: Array(repeating: 0, count: 11)),
                              limits: limits, into: &buffer)
        }
        #expect(buffer.readableBytes == 0)
    }

    @Test func errorsNameFieldAndNumbers() {
        #expect(WireError.payloadTooLarge(type: 4, limit: 10, actual: 11).description
                == "payload_length of message type 4 is 11 bytes, limit 10")
        #expect(WireError.unsupportedVersion(expected: 1, actual: 2).description == "version is 2, expected 1")
    }
}
