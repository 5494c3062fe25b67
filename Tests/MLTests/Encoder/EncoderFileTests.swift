import ChorusSupport
import ML
import Testing

/// The encoder file: round trip, checksum as digest, and refusal of corrupt or foreign bytes.
struct EncoderFileTests {
    static func randomEncoder(seed: UInt64) -> EncoderFile {
        var generator = SeededGenerator(seed: seed)
        var tensors: [String: EncoderTensor] = [:]
        for (name, shape) in EncoderModel.msdMusicnn.tensorShapes.sorted(by: { $0.key < $1.key }) {
            tensors[name] = EncoderTensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in
                Float.random(in: -1...1, using: &generator)
            })
        }
        return EncoderFile(model: .msdMusicnn, tensors: tensors)
    }

    @Test func decodesWhatItEncodesWithTheChecksumAsDigest() throws {
        let file = Self.randomEncoder(seed: 1)
        let bytes = file.encoded()
        let decoded = try EncoderFile.decode(bytes, path: "e.encoder")
        #expect(decoded.tensors == file.tensors)
        #expect(decoded.digest == file.digest)
        #expect(file.digest == Hex.encode(SHA256.hash(bytes.dropLast(SHA256.byteCount))))
        #expect(Self.randomEncoder(seed: 2).digest != file.digest)
    }

    @Test func refusesCorruptTruncatedAndForeignBytes() {
        let bytes = Self.randomEncoder(seed: 3).encoded()
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x01
        #expect(throws: EncoderError.checksumMismatch(path: "e", what: "SHA-256")) { try EncoderFile.decode(flipped, path: "e") }
        #expect(throws: EncoderError.notAnEncoderFile(path: "e")) { try EncoderFile.decode(Array("CHORUSNN".utf8), path: "e") }
        for length in [0, 4, 8, 12, 20, 100, bytes.count / 3, bytes.count - 1] {
            #expect(throws: EncoderError.self, "prefix of \(length) bytes") { try EncoderFile.decode(Array(bytes[..<length]), path: "e") }
        }
        #expect(throws: EncoderError.self) { try EncoderFile.decode(bytes + [0], path: "e") }
    }

    @Test func refusesAnUnknownModel() {
        var bytes = Self.randomEncoder(seed: 4).encoded()
        bytes[14] = UInt8(ascii: "x")  // the model name starts after magic (8), version (4) and its length (2)
        #expect(throws: EncoderError.corrupt(path: "e", field: "model name", reason: "is xsd-musicnn, expected one of msd-musicnn")) {
            try EncoderFile.decode(bytes, path: "e")
        }
    }
}
