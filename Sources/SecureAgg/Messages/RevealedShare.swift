import ChorusSupport

/// Stage 4: one share a client reveals to the server: of the self-mask seed of a
/// survivor, or of the mask key of a dropped peer, never both for one owner.
public struct RevealedShare: Sendable {
    /// Which of the owner's two secrets the share belongs to.
    public enum Kind: UInt8, Sendable {
        /// The self-mask seed b of a survivor.
        case selfMaskSeed = 0
        /// The X25519 mask key s of a dropped participant.
        case maskKey = 1
    }

    static let byteCount = 4 + 1 + ShamirSharing.shareByteCount

    /// Whose secret this share is of.
    public let owner: ParticipantID
    public let kind: Kind
    package let share: SecretBytes

    init(owner: ParticipantID, kind: Kind, share: SecretBytes) {
        self.owner = owner
        self.kind = kind
        self.share = share
    }

    func encode(into bytes: inout [UInt8]) {
        bytes.appendLittleEndian(owner.rawValue)
        bytes.append(kind.rawValue)
        share.append(to: &bytes)
    }

    init(from reader: inout WireReader) throws(SecureAggError) {
        owner = try reader.readParticipant(field: "revealed.owner")
        let kindByte = try reader.read(UInt8.self, field: "revealed.kind")
        guard let kind = Kind(rawValue: kindByte) else {
            throw .invalidField(field: "revealed.kind", reason: "unknown share kind \(kindByte)")
        }
        self.kind = kind
        share = SecretBytes(copying: try reader.readBytes(ShamirSharing.shareByteCount, field: "revealed.share"))
    }
}
