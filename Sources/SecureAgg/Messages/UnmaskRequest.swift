import ChorusSupport

/// Stage 3's answer: a survivor's signature of the survivor set of the round.
public struct ConsistencySignature: Equatable, Sendable {
    static let byteCount = 4 + 64

    public let signer: ParticipantID
    public let signature: [UInt8]

    package init(signer: ParticipantID, signature: [UInt8]) {
        self.signer = signer
        self.signature = signature
    }

    /// The bytes a survivor signs: the run id, the round id and the sorted survivor ids.
    static func signedBytes(run: RunID, round: UInt64, survivors: [ParticipantID]) -> [UInt8] {
        var content = Array("chorus-secagg-v2 survivors".utf8)
        content.append(contentsOf: run.bytes)
        content.appendLittleEndian(round)
        content.appendParticipants(survivors)
        return content
    }

    func encode(into bytes: inout [UInt8]) {
        bytes.appendLittleEndian(signer.rawValue)
        bytes.append(contentsOf: signature)
    }

    init(from reader: inout WireReader) throws(SecureAggError) {
        signer = try reader.readParticipant(field: "consistency.signer")
        signature = try reader.readBytes(64, field: "consistency.signature")
    }
}

/// Stage 4's opening: the survivor set every client signed, the peers the server
/// declares dropped, and survivors' signatures that prove they saw one set (the
/// server sends t of them; a client requires at least t valid ones and checks all it gets).
public struct UnmaskRequest: Equatable, Sendable {
    public let survivors: [ParticipantID]
    public let dropped: [ParticipantID]
    public let signatures: [ConsistencySignature]

    package init(survivors: [ParticipantID], dropped: [ParticipantID], signatures: [ConsistencySignature]) {
        self.survivors = survivors
        self.dropped = dropped
        self.signatures = signatures
    }

    func encode(into bytes: inout [UInt8]) {
        bytes.appendParticipants(survivors)
        bytes.appendParticipants(dropped)
        bytes.appendCount(signatures.count)
        for signature in signatures { signature.encode(into: &bytes) }
    }

    init(from reader: inout WireReader) throws(SecureAggError) {
        survivors = try reader.readSortedParticipants(field: "unmask.survivors")
        dropped = try reader.readSortedParticipants(field: "unmask.dropped")
        let count = try reader.readCount(field: "unmask.signatures", limit: WireFormat.maximumParticipants,
                                         elementBytes: ConsistencySignature.byteCount)
        var signatures: [ConsistencySignature] = []
        signatures.reserveCapacity(count)
        for _ in 0..<count { signatures.append(try ConsistencySignature(from: &reader)) }
        self.signatures = signatures
    }
}
