/// A participant's stable id in a round: its index in the coordinator's roster.
///
/// Shamir shares are evaluated at `rawValue + 1`, so every id gives a distinct
/// non-zero point of the field. `UInt32.max` is reserved for the server.
public struct ParticipantID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The sender id the server writes into its messages.
    public static let server = ParticipantID(UInt32.max)

    public static func < (lhs: ParticipantID, rhs: ParticipantID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String { String(rawValue) }
}
