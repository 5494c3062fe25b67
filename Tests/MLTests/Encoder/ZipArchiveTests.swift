import ML
import Testing

/// Zip members read from the central directory, stored and deflated, checked by CRC-32.
struct ZipArchiveTests {
    static let text = Array("chorus chorus chorus chorus".utf8)
    /// `text` deflated raw by Python's zlib (level 9, wbits -15), and its CRC-32.
    static let deflated: [UInt8] = [75, 206, 200, 47, 42, 45, 86, 72, 198, 66, 1, 0]
    static let crc: UInt32 = 2_840_950_230

    @Test func inflatesARawDeflateStream() throws {
        #expect(try Inflater.inflate(Self.deflated[...], expectedSize: Self.text.count, path: "w.whl", member: "m") == Self.text)
        #expect(Inflater.crc32(Self.text) == Self.crc)
        #expect(throws: EncoderError.self) {
            try Inflater.inflate(Self.deflated[...], expectedSize: Self.text.count + 1, path: "w.whl", member: "m")
        }
    }

    @Test func readsStoredMembersByName() throws {
        let bytes = CheckpointFixture.storedZip([("a/one", [1, 2, 3]), ("b/two", Self.text)], crc: Inflater.crc32)
        let archive = try ZipArchive(bytes: bytes, path: "w.whl")
        #expect(try archive.contents(of: "b/two") == Self.text)
        #expect(try archive.contents(of: "a/one") == [1, 2, 3])
        #expect(throws: EncoderError.missing(path: "w.whl", what: "member c")) { try archive.contents(of: "c") }
    }

    @Test func refusesAMemberWhoseCRCDoesNotMatch() throws {
        var bytes = CheckpointFixture.storedZip([("m", Self.text)], crc: Inflater.crc32)
        bytes[30 + 1 + 3] ^= 0xff  // a byte of the member's data, after its 30-byte local header and 1-byte name
        let archive = try ZipArchive(bytes: bytes, path: "w.whl")
        #expect(throws: EncoderError.checksumMismatch(path: "w.whl", what: "CRC-32 of member m")) { try archive.contents(of: "m") }
    }

    @Test func refusesWhatIsNotAZipArchive() {
        #expect(throws: EncoderError.self) { try ZipArchive(bytes: Array(repeating: 7, count: 100), path: "w.whl") }
        let bytes = CheckpointFixture.storedZip([("m", Self.text)], crc: Inflater.crc32)
        for length in stride(from: 0, to: bytes.count, by: 3) {
            #expect(throws: EncoderError.self, "prefix of \(length) bytes") {
                try ZipArchive(bytes: Array(bytes[..<length]), path: "w.whl").contents(of: "m")
            }
        }
    }
}
