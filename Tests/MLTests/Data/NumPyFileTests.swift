import Foundation
import ML
import Testing
import TestSupport

/// .npy files carry NumPy's header and the raw little-endian floats.
struct NumPyFileTests {
    @Test func headerDescribesShapeAndDataFollowsAligned() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("x.npy")
        let values: [Float] = (0..<24).map { Float($0) - 0.5 }
        try NumPyFile.write(values, shape: [2, 3, 4], to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }"))
        #expect(header.hasSuffix("\n"))
        let data = bytes[(10 + headerLength)...]
        #expect(data.count == 24 * 4)
        let floats = data.withUnsafeBytes { raw in (0..<24).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) } }
        #expect(floats == values)
    }
}
