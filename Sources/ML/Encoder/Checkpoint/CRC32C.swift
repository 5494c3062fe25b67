/// CRC-32C (Castagnoli), the checksum of LevelDB blocks and TensorFlow
/// bundle entries, with LevelDB's mask (a rotation plus a constant, so a CRC
/// stored inside checksummed data does not checksum itself).
package enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { entry in
        var crc = UInt32(entry)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82f6_3b78 : crc >> 1 }
        return crc
    }

    /// The CRC-32C of `parts` taken one after another.
    package static func checksum(_ parts: ArraySlice<UInt8>...) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for part in parts {
            for byte in part { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
        }
        return ~crc
    }

    /// LevelDB's masked form of `crc`, as stored in tables and bundle entries.
    package static func masked(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xa282_ead8
    }
}
