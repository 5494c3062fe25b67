/// A message from the server to one participant; each opens a stage after the first.
public struct ServerMessage: Sendable {
    public enum Body: Sendable {
        /// Opens stage 1: the signed keys of the receiver's neighbours that advertised.
        case keyRoster([KeyAdvertisement])
        /// Opens stage 2: the shares the receiver's neighbours sealed for it; `peer` is the sender.
        case forwardedShares([EncryptedShares])
        /// Opens stage 3: the participants whose masked vectors arrived, sorted.
        case survivors([ParticipantID])
        /// Opens stage 4.
        case unmaskRequest(UnmaskRequest)
    }

    public let round: UInt64
    public let body: Body

    public init(round: UInt64, body: Body) {
        self.round = round
        self.body = body
    }

    /// The stage the message opens.
    public var stage: Stage {
        switch body {
        case .keyRoster: return .shareKeys
        case .forwardedShares: return .maskedInput
        case .survivors: return .consistencyCheck
        case .unmaskRequest: return .unmask
        }
    }

    /// The header of this message; the sender is always `ParticipantID.server`.
    public var header: MessageHeader { MessageHeader(stage: stage, round: round, sender: .server) }

    /// The wire bytes.
    public func encode() -> [UInt8] {
        var bytes: [UInt8] = []
        header.encode(into: &bytes)
        switch body {
        case let .keyRoster(advertisements):
            bytes.appendCount(advertisements.count)
            for advertisement in advertisements { advertisement.encode(into: &bytes) }
        case let .forwardedShares(shares):
            bytes.appendCount(shares.count)
            for entry in shares { entry.encode(into: &bytes) }
        case let .survivors(ids):
            bytes.appendParticipants(ids)
        case let .unmaskRequest(request):
            request.encode(into: &bytes)
        }
        return bytes
    }

    /// Parses a server message; every count is bounded before allocation.
    /// - Throws: a wire error naming the field, or `unknownStage` for stage 0 (which the
    ///   server never opens) and `invalidField` when the sender is not the server.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(SecureAggError) -> ServerMessage {
        var reader = WireReader(bytes)
        let header = try MessageHeader(from: &reader)
        guard header.sender == .server else {
            throw .invalidField(field: "sender", reason: "server messages carry sender \(ParticipantID.server), found \(header.sender)")
        }
        let body: Body
        switch header.stage {
        case .advertiseKeys:
            throw .unknownStage(header.stage.rawValue)
        case .shareKeys:
            let count = try reader.readCount(field: "key_roster.count", limit: WireFormat.maximumParticipants,
                                             elementBytes: KeyAdvertisement.byteCount)
            var advertisements: [KeyAdvertisement] = []
            advertisements.reserveCapacity(count)
            for _ in 0..<count { advertisements.append(try KeyAdvertisement(from: &reader)) }
            body = .keyRoster(advertisements)
        case .maskedInput:
            let count = try reader.readCount(field: "forwarded_shares.count", limit: WireFormat.maximumParticipants,
                                             elementBytes: EncryptedShares.byteCount)
            var shares: [EncryptedShares] = []
            shares.reserveCapacity(count)
            for _ in 0..<count { shares.append(try EncryptedShares(from: &reader)) }
            body = .forwardedShares(shares)
        case .consistencyCheck:
            body = .survivors(try reader.readSortedParticipants(field: "survivors"))
        case .unmask:
            body = .unmaskRequest(try UnmaskRequest(from: &reader))
        }
        try reader.finish()
        return ServerMessage(round: header.round, body: body)
    }
}
