/// A quantized update sent in the clear (secure aggregation off).
public struct PlainUpdate: Sendable, Equatable {
    public var vector: [UInt32]

    public init(vector: [UInt32]) {
        self.vector = vector
    }

    public func encode() -> [UInt8] {
        var writer = PayloadWriter()
        writer.append(FederationWire.version)
        writer.append(words: vector)
        return writer.bytes
    }

    /// - Parameter length: the vector length the round expects.
    /// - Throws: `FederationError` for a bad version, a wrong length or stray bytes.
    public static func decode(_ bytes: [UInt8], length: Int) throws(FederationError) -> PlainUpdate {
        var reader = PayloadReader(bytes[...])
        let version = try reader.read(UInt8.self, field: "plain_update.version")
        guard version == FederationWire.version else { throw .unsupportedVersion(version) }
        let vector = try reader.readWords(field: "plain_update.vector", limit: length)
        guard vector.count == length else {
            throw .invalidField(field: "plain_update.vector", reason: "\(vector.count) values, expected \(length)")
        }
        try reader.finish()
        return PlainUpdate(vector: vector)
    }
}
