import ChorusSupport
import Testing

struct ArrayLittleEndianTests {
    @Test func writesLeastSignificantByteFirst() {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(UInt32(0x0102_0304))
        bytes.appendLittleEndian(Int16(-2))
        bytes.appendLittleEndian(UInt64(0x0A))
        bytes.appendLittleEndian(Float(1))
        bytes.appendLittleEndian(Double(-2))
        #expect(bytes == [0x04, 0x03, 0x02, 0x01, 0xFE, 0xFF, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x80, 0x3F,
                          0, 0, 0, 0, 0, 0, 0x00, 0xC0])
    }

    @Test func bulkWritesHaveNoCountPrefix() {
        var bytes: [UInt8] = [0xEE]
        bytes.appendLittleEndian(contentsOf: [UInt32(1), 0x0100])
        bytes.appendLittleEndian(contentsOf: [Float(-1)])
        bytes.appendLittleEndian(contentsOf: [Int32]())
        #expect(bytes == [0xEE, 1, 0, 0, 0, 0, 1, 0, 0, 0x00, 0x00, 0x80, 0xBF])
    }
}
