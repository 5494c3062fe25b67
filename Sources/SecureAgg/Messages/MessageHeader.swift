import ChorusSupport

/// The fields every secure-aggregation message starts with: version (1 byte),
/// stage (1), round id (8), sender (4), little-endian; 14 bytes.
public struct MessageHeader: Equatable, Sendable {
    public static let byteCount = 14

    public var version: UInt8
    public var stage: Stage
    public var round: UInt64
    public var sender: ParticipantID

    public init(stage: Stage, round: UInt64, sender: ParticipantID) {
        version = WireFormat.version
        self.stage = stage
        self.round = round
        self.sender = sender
    }

    func encode(into bytes: inout [UInt8]) {
        bytes.append(version)
        bytes.append(stage.rawValue)
        bytes.appendLittleEndian(round)
        bytes.appendLittleEndian(sender.rawValue)
    }

    /// Reads and checks the header: the version must be ours and the stage known.
    init(from reader: inout WireReader) throws(SecureAggError) {
        version = try reader.read(UInt8.self, field: "version")
        guard version == WireFormat.version else { throw .unsupportedVersion(version) }
        let stageByte = try reader.read(UInt8.self, field: "stage")
        guard let stage = Stage(rawValue: stageByte) else { throw .unknownStage(stageByte) }
        self.stage = stage
        round = try reader.read(UInt64.self, field: "round")
        sender = try reader.readParticipant(field: "sender")
    }
}
