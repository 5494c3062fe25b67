import ChorusSupport
import Testing
import TestSupport

struct LittleEndianReaderTests {
    @Test func readsEveryWidthBackAsWritten() {
        for seed in UInt64(0)..<64 {
            var generator = SplitMix64(seed: seed)
            let u8 = UInt8.random(in: .min ... .max, using: &generator)
            let u16 = UInt16.random(in: .min ... .max, using: &generator)
            let u32 = UInt32.random(in: .min ... .max, using: &generator)
            let u64 = UInt64.random(in: .min ... .max, using: &generator)
            let i16 = Int16.random(in: .min ... .max, using: &generator)
            let i32 = Int32.random(in: .min ... .max, using: &generator)
            let i64 = Int64.random(in: .min ... .max, using: &generator)
            let float = Float(bitPattern: UInt32.random(in: .min ... .max, using: &generator))
            let double = Double(bitPattern: UInt64.random(in: .min ... .max, using: &generator))
            var bytes: [UInt8] = []
            bytes.appendLittleEndian(u8)
            bytes.appendLittleEndian(u16)
            bytes.appendLittleEndian(u32)
            bytes.appendLittleEndian(u64)
            bytes.appendLittleEndian(i16)
            bytes.appendLittleEndian(i32)
            bytes.appendLittleEndian(i64)
            bytes.appendLittleEndian(float)
            bytes.appendLittleEndian(double)
            #expect(bytes.count == 1 + 2 + 4 + 8 + 2 + 4 + 8 + 4 + 8, "seed \(seed)")
            var reader = LittleEndianReader(bytes[...])
            do {
                #expect(try reader.readInteger(as: UInt8.self, field: "u8") == u8, "seed \(seed)")
                #expect(try reader.readInteger(as: UInt16.self, field: "u16") == u16, "seed \(seed)")
                #expect(try reader.readInteger(as: UInt32.self, field: "u32") == u32, "seed \(seed)")
                #expect(try reader.readInteger(as: UInt64.self, field: "u64") == u64, "seed \(seed)")
                #expect(try reader.readInteger(as: Int16.self, field: "i16") == i16, "seed \(seed)")
                #expect(try reader.readInteger(as: Int32.self, field: "i32") == i32, "seed \(seed)")
                #expect(try reader.readInteger(as: Int64.self, field: "i64") == i64, "seed \(seed)")
                // Bit patterns, so NaN payloads are compared too.
                #expect(try reader.readFloat(field: "float").bitPattern == float.bitPattern, "seed \(seed)")
                #expect(try reader.readDouble(field: "double").bitPattern == double.bitPattern, "seed \(seed)")
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
            #expect(reader.isAtEnd, "seed \(seed)")
        }
    }

    @Test func decodesLeastSignificantByteFirst() throws {
        var reader = LittleEndianReader([0x04, 0x03, 0x02, 0x01, 0xFE, 0xFF, 0x00, 0x00, 0x80, 0x3F][...])
        #expect(try reader.readInteger(as: UInt32.self, field: "word") == 0x0102_0304)
        #expect(try reader.readInteger(as: Int16.self, field: "signed") == -2)
        #expect(try reader.readFloat(field: "one") == 1)
        #expect(reader.readerIndex == 10)
    }

    @Test func readsASliceFromItsOwnStart() throws {
        let bytes: [UInt8] = [9, 9, 9, 0x2A, 0x00, 7]
        var reader = LittleEndianReader(bytes[3...])
        #expect(reader.remaining == 3)
        #expect(try reader.readInteger(as: UInt16.self, field: "value") == 42)
        #expect(reader.readerIndex == 2)
        #expect(try reader.readBytes(count: 1, field: "tail") == [7])
    }

    @Test func truncatedReadNamesTheFieldAndDoesNotAdvance() throws {
        var reader = LittleEndianReader([0x01, 0x02, 0x03][...])
        #expect(throws: ByteReadError.truncated(field: "round", offset: 0, needed: 4, available: 3)) {
            try reader.readInteger(as: UInt32.self, field: "round")
        }
        #expect(reader.readerIndex == 0)
        // The failed read consumed nothing: the same bytes are still there.
        #expect(try reader.readInteger(as: UInt16.self, field: "stage") == 0x0201)
        #expect(throws: ByteReadError.truncated(field: "sender", offset: 2, needed: 2, available: 1)) {
            try reader.readInteger(as: UInt16.self, field: "sender")
        }
        #expect(reader.readerIndex == 2 && reader.remaining == 1)
    }

    @Test(arguments: ["bytes", "float", "double", "words", "floats"])
    func everyReadRefusesTooFewBytes(read: String) {
        var reader = LittleEndianReader([1, 2, 3][...])
        let needed = ["bytes": 5, "float": 4, "double": 8, "words": 8, "floats": 12][read] ?? 0
        #expect(throws: ByteReadError.truncated(field: read, offset: 0, needed: needed, available: 3)) {
            switch read {
            case "bytes": _ = try reader.readBytes(count: 5, field: read)
            case "float": _ = try reader.readFloat(field: read)
            case "double": _ = try reader.readDouble(field: read)
            case "words": _ = try reader.readIntegers(count: 2, as: UInt32.self, field: read)
            default: _ = try reader.readFloats(count: 3, field: read)
            }
        }
        #expect(reader.readerIndex == 0)
    }

    @Test func negativeLengthIsRefused() {
        var reader = LittleEndianReader([1, 2][...])
        #expect(throws: ByteReadError.truncated(field: "length", offset: 0, needed: -1, available: 2)) {
            try reader.readBytes(count: -1, field: "length")
        }
    }

    @Test func countAboveTheLimitIsRefusedWithoutAdvancing() throws {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(UInt32(5))
        bytes += [UInt8](repeating: 0, count: 20)
        var reader = LittleEndianReader(bytes[...])
        #expect(throws: ByteReadError.countTooLarge(field: "members", limit: 4, actual: 5)) {
            try reader.readCount(field: "members", limit: 4, elementBytes: 4)
        }
        #expect(reader.readerIndex == 0)
        #expect(try reader.readCount(field: "members", limit: 5, elementBytes: 4) == 5)
        #expect(reader.readerIndex == 4)
    }

    @Test func countAboveTheBytesLeftIsRefusedWithoutAdvancing() throws {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(UInt32(1_000_000))
        bytes += [UInt8](repeating: 0, count: 8)
        var reader = LittleEndianReader(bytes[...])
        // The elements would start at offset 4, where only 8 of the 4,000,000 bytes are.
        #expect(throws: ByteReadError.truncated(field: "vector", offset: 4, needed: 4_000_000, available: 8)) {
            try reader.readCount(field: "vector", limit: 1 << 24, elementBytes: 4)
        }
        #expect(reader.readerIndex == 0)
        // Without a size per element only the limit applies.
        #expect(try reader.readCount(field: "groups", limit: 1 << 24, elementBytes: 0) == 1_000_000)
    }

    @Test func overflowingSizesAreRefusedBeforeAllocating() {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(UInt32.max)
        var reader = LittleEndianReader(bytes[...])
        // count × elementBytes overflows Int: reported as needing more than can exist.
        #expect(throws: ByteReadError.truncated(field: "list", offset: 4, needed: .max - 4, available: 0)) {
            try reader.readCount(field: "list", limit: .max, elementBytes: .max / 2)
        }
        // A bulk read of 2^62 words (2^64 bytes) would trap if it allocated first.
        #expect(throws: ByteReadError.truncated(field: "words", offset: 0, needed: .max, available: 4)) {
            try reader.readIntegers(count: 1 << 62, as: UInt32.self, field: "words")
        }
        #expect(reader.readerIndex == 0)
    }

    @Test func trailingBytesAreDetected() throws {
        var reader = LittleEndianReader([1, 0, 0, 0, 0xAA, 0xBB][...])
        _ = try reader.readInteger(as: UInt32.self, field: "value")
        #expect(!reader.isAtEnd)
        #expect(reader.remaining == 2)
        _ = try reader.readBytes(count: 2, field: "rest")
        #expect(reader.isAtEnd && reader.remaining == 0)
    }

    @Test func bulkReadsMatchTheWriterAndElementReads() throws {
        for seed in UInt64(0)..<16 {
            var generator = SplitMix64(seed: seed)
            let count = Int.random(in: 0...300, using: &generator)
            let words = (0..<count).map { _ in UInt32.random(in: .min ... .max, using: &generator) }
            let labels = (0..<count).map { _ in Int32.random(in: .min ... .max, using: &generator) }
            let floats = (0..<count).map { _ in Float.random(in: -1e6...1e6, using: &generator) }
            var bytes: [UInt8] = []
            bytes.appendLittleEndian(contentsOf: words)
            bytes.appendLittleEndian(contentsOf: labels)
            bytes.appendLittleEndian(contentsOf: floats)
            var oneByOne: [UInt8] = []
            for word in words { oneByOne.appendLittleEndian(word) }
            for label in labels { oneByOne.appendLittleEndian(label) }
            for value in floats { oneByOne.appendLittleEndian(value) }
            #expect(bytes == oneByOne, "seed \(seed)")
            var reader = LittleEndianReader(bytes[...])
            #expect(try reader.readIntegers(count: count, as: UInt32.self, field: "words") == words, "seed \(seed)")
            #expect(try reader.readIntegers(count: count, as: Int32.self, field: "labels") == labels, "seed \(seed)")
            #expect(try reader.readFloats(count: count, field: "floats") == floats, "seed \(seed)")
            #expect(reader.isAtEnd, "seed \(seed)")
        }
    }

    @Test func unsafeBytesReadLikeAnArray() throws {
        for seed in UInt64(0)..<16 {
            var generator = SplitMix64(seed: seed)
            let bytes = (0..<64).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            var arrayReader = LittleEndianReader(bytes[...])
            let expected = try readMixture(&arrayReader)
            let fromRaw = try bytes.withUnsafeBytes { raw in
                var rawReader = LittleEndianReader(unsafeBytes: raw)
                let values = try readMixture(&rawReader)
                #expect(rawReader.remaining == arrayReader.remaining, "seed \(seed)")
                #expect(throws: ByteReadError.truncated(field: "past the end", offset: 54, needed: 11, available: 10)) {
                    try rawReader.readBytes(count: 11, field: "past the end")
                }
                return values
            }
            #expect(fromRaw == expected, "seed \(seed)")
        }
    }

    /// A fixed sequence of reads: 2 + 8 + 4 + 8 + 4·6 + 8 = 54 bytes.
    private func readMixture(_ reader: inout LittleEndianReader) throws -> [UInt64] {
        var values = [UInt64(try reader.readInteger(as: UInt16.self, field: "a"))]
        values.append(try reader.readInteger(as: UInt64.self, field: "b"))
        values.append(UInt64(try reader.readFloat(field: "c").bitPattern))
        values.append(try reader.readDouble(field: "d").bitPattern)
        values += try reader.readIntegers(count: 6, as: UInt32.self, field: "e").map(UInt64.init)
        values += try reader.readBytes(count: 8, field: "f").map(UInt64.init)
        return values
    }

    @Test func errorsDescribeTheFieldAndNumbers() {
        #expect(ByteReadError.truncated(field: "round", offset: 2, needed: 8, available: 3).description
            == "round needs 8 bytes at offset 2, 3 left")
        #expect(ByteReadError.countTooLarge(field: "members", limit: 4, actual: 5).description
            == "members is 5, above the limit 4")
    }
}
