internal import CZlib

/// Raw deflate (RFC 1951) decompression and CRC-32 through the system zlib,
/// for the deflated members of a zip archive.
package enum Inflater {
    /// Inflates `compressed` into exactly `expectedSize` bytes.
    /// - Throws: `.corrupt` naming `path` and `member` if zlib rejects the stream
    ///   or it does not give `expectedSize` bytes.
    package static func inflate(_ compressed: ArraySlice<UInt8>, expectedSize: Int, path: String,
                        member: String) throws(EncoderError) -> [UInt8] {
        var stream = z_stream()
        // Negative window bits: a raw deflate stream, no zlib header (zip's method 8).
        guard chorus_inflateInit2(&stream, -15) == Z_OK else {
            throw .corrupt(path: path, field: member, reason: "could not start zlib")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: expectedSize)
        let status: Int32 = compressed.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(out.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expectedSize else {
            let reason = status == Z_STREAM_END ? "inflates to \(stream.total_out) bytes, expected \(expectedSize)"
                                                : "is not a valid deflate stream of \(expectedSize) bytes (zlib status \(status))"
            throw .corrupt(path: path, field: member, reason: reason)
        }
        return output
    }

    /// The CRC-32 (zip's checksum) of `bytes`.
    package static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { raw in
            UInt32(CZlib.crc32(0, raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count)))
        }
    }
}
