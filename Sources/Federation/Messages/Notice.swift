/// The coordinator's word to the participants of a round after it ends, to
/// every connected participant when the run is over, or to a connection that
/// another connection of the same participant replaced.
public struct Notice: Sendable, Equatable {
    public enum Outcome: UInt8, Sendable {
        /// The round's aggregate was applied to the global model.
        case completed = 0
        /// The round ended without an aggregate (too few survivors, a protocol abort).
        case aborted = 1
        /// The run is over: disconnect.
        case runFinished = 2
        /// Another connection authenticated with this participant's key replaced
        /// this one: two processes share a key. Disconnect and do not reconnect.
        case replaced = 3
    }

    public var outcome: Outcome
    /// A short human-readable explanation (for logs).
    public var message: String

    public init(outcome: Outcome, message: String) {
        self.outcome = outcome
        self.message = message
    }

    public func encode() -> [UInt8] {
        var writer = PayloadWriter()
        writer.append(FederationWire.version)
        writer.append(outcome.rawValue)
        writer.append(text: message)
        return writer.bytes
    }

    /// - Throws: `FederationError` naming the bad field.
    public static func decode(_ bytes: [UInt8]) throws(FederationError) -> Notice {
        var reader = PayloadReader(bytes[...])
        let version = try reader.read(UInt8.self, field: "notice.version")
        guard version == FederationWire.version else { throw .unsupportedVersion(version) }
        let raw = try reader.read(UInt8.self, field: "notice.outcome")
        guard let outcome = Outcome(rawValue: raw) else {
            throw .invalidField(field: "notice.outcome", reason: "unknown outcome \(raw)")
        }
        let message = try reader.readText(field: "notice.message")
        try reader.finish()
        return Notice(outcome: outcome, message: message)
    }
}
