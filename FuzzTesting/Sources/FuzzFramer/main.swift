import FuzzSupport
import NIOCore
import Transport

// The first input byte cuts the stream into pieces of that size (1...256), so
// partial headers and payloads are exercised; the framer must return frames,
// nil, or a `WireError`.
let limits = FrameLimits([1: 64, 2: 4096, 3: 0])

runFuzzer(seeds: {
    var buffer = ByteBuffer()
    for frame in [Frame(type: 1, round: 7, payload: Array("hello".utf8)),
                  Frame(type: 2, round: 8, payload: [UInt8](repeating: 0xAB, count: 300)),
                  Frame(type: 3, round: 9, payload: [])] {
        try Framer.encode(frame, limits: limits, into: &buffer)
    }
    return [[16] + buffer.readableBytesView, [0] + buffer.readableBytesView]
}, body: { bytes in
    guard let first = bytes.first else { return }
    let piece = Int(first) + 1
    var framer = Framer(limits: limits)
    var offset = 1
    while offset < bytes.count {
        let end = min(offset + piece, bytes.count)
        framer.append(ByteBuffer(bytes: bytes[offset..<end]))
        offset = end
        do {
            while try framer.nextFrame() != nil {}
        } catch {
            return
        }
    }
})
