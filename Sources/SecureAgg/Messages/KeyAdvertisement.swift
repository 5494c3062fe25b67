import ChorusSupport

/// Stage 0: a participant's two ephemeral X25519 public keys for the round, signed
/// with its long-term identity key over the run id, the round id and its id, so the server
/// can neither forge nor move them to another round or participant.
public struct KeyAdvertisement: Equatable, Sendable {
    static let byteCount = 4 + 32 + 32 + 64

    public let participant: ParticipantID
    /// Key for the shares' encryption keys (Bonawitz's c^PK).
    public let encryptionKey: AgreementPublicKey
    /// Key for the pairwise masks (Bonawitz's s^PK); its secret is Shamir-shared.
    public let maskKey: AgreementPublicKey
    /// Ed25519 signature of `signedBytes(run:round:...)`.
    public let signature: [UInt8]

    package init(participant: ParticipantID, encryptionKey: AgreementPublicKey, maskKey: AgreementPublicKey, signature: [UInt8]) {
        self.participant = participant
        self.encryptionKey = encryptionKey
        self.maskKey = maskKey
        self.signature = signature
    }

    /// Signs both keys for `round` of `run` with `identity`.
    init(participant: ParticipantID, encryptionKey: AgreementPublicKey, maskKey: AgreementPublicKey,
         run: RunID, round: UInt64, identity: Ed25519SigningKey) {
        let content = Self.signedBytes(run: run, round: round, participant: participant, encryptionKey: encryptionKey, maskKey: maskKey)
        self.init(participant: participant, encryptionKey: encryptionKey, maskKey: maskKey,
                  signature: identity.signature(for: content))
    }

    static func signedBytes(run: RunID, round: UInt64, participant: ParticipantID, encryptionKey: AgreementPublicKey,
                            maskKey: AgreementPublicKey) -> [UInt8] {
        var content = Array("chorus-secagg-v2 advertise".utf8)
        content.append(contentsOf: run.bytes)
        content.appendLittleEndian(round)
        content.appendLittleEndian(participant.rawValue)
        content.append(contentsOf: encryptionKey.rawRepresentation)
        content.append(contentsOf: maskKey.rawRepresentation)
        return content
    }

    /// Throws `invalidSignature` unless `identity` signed these keys for `round` of `run`.
    func verify(run: RunID, round: UInt64, identity: Ed25519PublicKey) throws(SecureAggError) {
        let content = Self.signedBytes(run: run, round: round, participant: participant, encryptionKey: encryptionKey, maskKey: maskKey)
        guard identity.isValidSignature(signature, for: content) else {
            throw .invalidSignature(peer: participant, field: "key advertisement")
        }
    }

    func encode(into bytes: inout [UInt8]) {
        bytes.appendLittleEndian(participant.rawValue)
        bytes.append(contentsOf: encryptionKey.rawRepresentation)
        bytes.append(contentsOf: maskKey.rawRepresentation)
        bytes.append(contentsOf: signature)
    }

    init(from reader: inout WireReader) throws(SecureAggError) {
        participant = try reader.readParticipant(field: "advertisement.participant")
        encryptionKey = try AgreementPublicKey(rawRepresentation: reader.readBytes(32, field: "advertisement.encryption_key"))
        maskKey = try AgreementPublicKey(rawRepresentation: reader.readBytes(32, field: "advertisement.mask_key"))
        signature = try reader.readBytes(64, field: "advertisement.signature")
    }
}
