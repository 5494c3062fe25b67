import ChorusSupport

/// A message from a participant to the server: a header (version, stage, round,
/// sender) and the stage's body. The transport moves `encode()`'s bytes and gives the
/// receiver's bytes to `decode(_:)`; the server machine then checks round and sender.
public struct ClientMessage: Sendable {
    /// One body per stage.
    public enum Body: Sendable {
        case advertiseKeys(KeyAdvertisement)
        /// Sealed shares, one per neighbour; `peer` is the receiver.
        case shareKeys([EncryptedShares])
        /// The masked vector y = x + PRG(b) + Σ ±PRG(s_uv), mod 2^32.
        case maskedInput([UInt32])
        /// The signature of the survivor set.
        case consistencySignature([UInt8])
        case unmaskShares([RevealedShare])
    }

    public let round: UInt64
    public let sender: ParticipantID
    public let body: Body

    public init(round: UInt64, sender: ParticipantID, body: Body) {
        self.round = round
        self.sender = sender
        self.body = body
    }

    /// The stage the body belongs to.
    public var stage: Stage {
        switch body {
        case .advertiseKeys: return .advertiseKeys
        case .shareKeys: return .shareKeys
        case .maskedInput: return .maskedInput
        case .consistencySignature: return .consistencyCheck
        case .unmaskShares: return .unmask
        }
    }

    /// The header of this message.
    public var header: MessageHeader { MessageHeader(stage: stage, round: round, sender: sender) }

    /// The wire bytes, written into one buffer sized exactly up front (a masked vector is
    /// copied once, from the vector into that buffer).
    public func encode() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(MessageHeader.byteCount + bodyByteCount)
        header.encode(into: &bytes)
        switch body {
        case let .advertiseKeys(advertisement):
            advertisement.encode(into: &bytes)
        case let .shareKeys(shares):
            bytes.appendCount(shares.count)
            for entry in shares { entry.encode(into: &bytes) }
        case let .maskedInput(vector):
            bytes.appendCount(vector.count)
            bytes.appendLittleEndian(contentsOf: vector)
        case let .consistencySignature(signature):
            bytes.append(contentsOf: signature)
        case let .unmaskShares(shares):
            bytes.appendCount(shares.count)
            for share in shares { share.encode(into: &bytes) }
        }
        return bytes
    }

    private var bodyByteCount: Int {
        switch body {
        case .advertiseKeys: return KeyAdvertisement.byteCount
        case let .shareKeys(shares): return 4 + shares.count * EncryptedShares.byteCount
        case let .maskedInput(vector): return 4 + 4 * vector.count
        case .consistencySignature: return 64
        case let .unmaskShares(shares): return 4 + shares.count * RevealedShare.byteCount
        }
    }

    /// Parses a client message; every count is bounded before allocation.
    /// - Throws: a wire error naming the field (`truncated`, `lengthTooLarge`,
    ///   `unsupportedVersion`, `unknownStage`, `invalidField`, `trailingBytes`).
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(SecureAggError) -> ClientMessage {
        var reader = WireReader(bytes)
        let header = try MessageHeader(from: &reader)
        let body: Body
        switch header.stage {
        case .advertiseKeys:
            body = .advertiseKeys(try KeyAdvertisement(from: &reader))
        case .shareKeys:
            let count = try reader.readCount(field: "share_keys.count", limit: WireFormat.maximumParticipants,
                                             elementBytes: EncryptedShares.byteCount)
            var shares: [EncryptedShares] = []
            shares.reserveCapacity(count)
            for _ in 0..<count { shares.append(try EncryptedShares(from: &reader)) }
            body = .shareKeys(shares)
        case .maskedInput:
            let count = try reader.readCount(field: "masked_input.dimension", limit: WireFormat.maximumDimension,
                                             elementBytes: 4)
            body = .maskedInput(try reader.readWords(count, field: "masked_input.vector"))
        case .consistencyCheck:
            body = .consistencySignature(try reader.readBytes(64, field: "consistency.signature"))
        case .unmask:
            let count = try reader.readCount(field: "unmask_shares.count", limit: 2 * WireFormat.maximumParticipants,
                                             elementBytes: RevealedShare.byteCount)
            var shares: [RevealedShare] = []
            shares.reserveCapacity(count)
            for _ in 0..<count { shares.append(try RevealedShare(from: &reader)) }
            body = .unmaskShares(shares)
        }
        try reader.finish()
        return ClientMessage(round: header.round, sender: header.sender, body: body)
    }
}
