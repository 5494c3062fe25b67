/// A participant's refusal of a round plan, with its reason.
public struct Decline: Sendable, Equatable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public func encode() -> [UInt8] {
        var writer = PayloadWriter()
        writer.append(FederationWire.version)
        writer.append(text: reason)
        return writer.bytes
    }

    /// - Throws: `FederationError` naming the bad field.
    public static func decode(_ bytes: [UInt8]) throws(FederationError) -> Decline {
        var reader = PayloadReader(bytes[...])
        let version = try reader.read(UInt8.self, field: "decline.version")
        guard version == FederationWire.version else { throw .unsupportedVersion(version) }
        let reason = try reader.readText(field: "decline.reason")
        try reader.finish()
        return Decline(reason: reason)
    }
}
