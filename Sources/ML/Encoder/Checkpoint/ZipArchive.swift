/// The members of a zip archive (a Python wheel), read from its central
/// directory; `contents(of:)` returns a stored or deflated member checked
/// against its CRC-32. No ZIP64, no encryption: a wheel of a few tens of
/// megabytes needs neither, and both are refused by name.
package struct ZipArchive {
    /// One central-directory record.
    struct Member {
        let name: String
        let method: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let size: Int
        let localHeaderOffset: Int
    }

    /// The largest member inflated (the biggest checkpoint is under 10 MB).
    static let maximumMemberSize = 64 << 20
    static let maximumMembers = 65_535

    private let bytes: [UInt8]
    let path: String
    let members: [String: Member]

    /// Parses the central directory of `bytes` read from `path`.
    /// - Throws: `EncoderError` naming `path` if it is not a zip archive or a record is out of bounds.
    package init(bytes: [UInt8], path: String) throws(EncoderError) {
        self.bytes = bytes
        self.path = path
        let end = try Self.endOfCentralDirectory(bytes, path: path)
        var cursor = CheckpointCursor(bytes[end...], path: path)
        _ = try cursor.take(10, field: "end of central directory")
        let count = Int(try cursor.fixed(UInt16.self, field: "member count"))
        _ = try cursor.fixed(UInt32.self, field: "central directory size")
        let start = Int(try cursor.fixed(UInt32.self, field: "central directory offset"))
        guard start <= end else {
            throw .corrupt(path: path, field: "central directory offset", reason: "is \(start), past the directory's end at \(end)")
        }
        var directory = CheckpointCursor(bytes[start..<end], path: path)
        var members: [String: Member] = [:]
        for index in 0..<count {
            let field = "central directory record \(index + 1)"
            guard try directory.fixed(UInt32.self, field: field) == 0x0201_4b50 else {
                throw .corrupt(path: path, field: field, reason: "has a bad signature")
            }
            _ = try directory.take(4, field: field)
            let flags = try directory.fixed(UInt16.self, field: field)
            let method = try directory.fixed(UInt16.self, field: field)
            _ = try directory.take(4, field: field)
            let crc = try directory.fixed(UInt32.self, field: field)
            let compressed = Int(try directory.fixed(UInt32.self, field: field))
            let size = Int(try directory.fixed(UInt32.self, field: field))
            let nameLength = Int(try directory.fixed(UInt16.self, field: field))
            let extraLength = Int(try directory.fixed(UInt16.self, field: field))
            let commentLength = Int(try directory.fixed(UInt16.self, field: field))
            _ = try directory.take(8, field: field)
            let offset = Int(try directory.fixed(UInt32.self, field: field))
            guard let name = String(validating: try directory.take(nameLength, field: field), as: UTF8.self) else {
                throw .corrupt(path: path, field: field, reason: "has a name that is not UTF-8")
            }
            _ = try directory.take(extraLength + commentLength, field: field)
            guard flags & 1 == 0, compressed != 0xffff_ffff, size != 0xffff_ffff else {
                throw .corrupt(path: path, field: "member \(name)", reason: "is encrypted or ZIP64, which Chorus does not read")
            }
            members[name] = Member(name: name, method: method, crc32: crc, compressedSize: compressed, size: size,
                                   localHeaderOffset: offset)
        }
        self.members = members
    }

    /// The uncompressed bytes of member `name`.
    /// - Throws: `.missing` if there is no such member; `.corrupt` or
    ///   `.checksumMismatch` naming the member if its data is bad.
    package func contents(of name: String) throws(EncoderError) -> [UInt8] {
        guard let member = members[name] else { throw .missing(path: path, what: "member \(name)") }
        let field = "member \(name)"
        guard member.size <= Self.maximumMemberSize else {
            throw .corrupt(path: path, field: field, reason: "is \(member.size) bytes, expected at most \(Self.maximumMemberSize)")
        }
        guard member.localHeaderOffset <= bytes.count else { throw .truncated(path: path, field: field) }
        var local = CheckpointCursor(bytes[member.localHeaderOffset...], path: path)
        guard try local.fixed(UInt32.self, field: field) == 0x0403_4b50 else {
            throw .corrupt(path: path, field: field, reason: "has a bad local header signature")
        }
        _ = try local.take(22, field: field)
        let nameLength = Int(try local.fixed(UInt16.self, field: field))
        let extraLength = Int(try local.fixed(UInt16.self, field: field))
        _ = try local.take(nameLength + extraLength, field: field)
        let data = try local.take(member.compressedSize, field: field)
        let contents: [UInt8]
        switch member.method {
        case 0:
            guard member.compressedSize == member.size else {
                throw .corrupt(path: path, field: field, reason: "is stored with two different sizes")
            }
            contents = Array(data)
        case 8:
            contents = try Inflater.inflate(data, expectedSize: member.size, path: path, member: name)
        default:
            throw .corrupt(path: path, field: field, reason: "uses compression method \(member.method); Chorus reads stored (0) and deflate (8)")
        }
        guard Inflater.crc32(contents) == member.crc32 else { throw .checksumMismatch(path: path, what: "CRC-32 of \(field)") }
        return contents
    }

    /// The offset of the end-of-central-directory record: searched backwards
    /// over the last 64 KiB + 22 bytes (its comment is at most 65535 bytes).
    private static func endOfCentralDirectory(_ bytes: [UInt8], path: String) throws(EncoderError) -> Int {
        let lowest = max(0, bytes.count - 65_535 - 22)
        var offset = bytes.count - 22
        while offset >= lowest {
            if bytes[offset] == 0x50, bytes[offset + 1] == 0x4b, bytes[offset + 2] == 0x05, bytes[offset + 3] == 0x06 {
                return offset
            }
            offset -= 1
        }
        throw .corrupt(path: path, field: "end of central directory", reason: "is missing: the file is not a zip archive (a wheel)")
    }
}
