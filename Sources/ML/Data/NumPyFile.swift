import ChorusSupport
import Foundation

/// Writes NumPy `.npy` files (format version 1.0, little-endian float32,
/// C order), so features can be compared with Python tools.
public enum NumPyFile {
    /// Writes `values` with `shape` to `url`, atomically.
    /// - Throws: `AudioError.writeFailed` naming the file.
    public static func write(_ values: [Float], shape: [Int], to url: URL) throws(AudioError) {
        precondition(shape.reduce(1, *) == values.count, "shape must cover the values")
        let dimensions = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dimensions)), }"
        // Magic (6) + version (2) + header length (2) + header, padded with spaces to 64 bytes, ending in \n.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        bytes += Array(header.utf8)
        bytes.appendLittleEndian(contentsOf: values)
        do {
            try AtomicFile.write(bytes, to: url)
        } catch {
            throw .writeFailed(path: url.path, reason: error.description)
        }
    }
}
