import ChorusSupport

/// Stage 1: the two Shamir shares (of the mask key and of the self-mask seed) one
/// participant sends a neighbour, sealed with XChaCha20-Poly1305. `peer` is the
/// receiver when a client sends it and the original sender when the server forwards it.
public struct EncryptedShares: Equatable, Sendable {
    /// Sealed plaintext: mask-key share then seed share (the ids are bound as associated data).
    static let plaintextByteCount = 2 * ShamirSharing.shareByteCount
    static let ciphertextByteCount = plaintextByteCount + ShareCipher.tagByteCount
    static let byteCount = 4 + ShareCipher.nonceByteCount + ciphertextByteCount

    public let peer: ParticipantID
    let nonce: [UInt8]
    let ciphertext: [UInt8]

    init(peer: ParticipantID, nonce: [UInt8], ciphertext: [UInt8]) {
        self.peer = peer
        self.nonce = nonce
        self.ciphertext = ciphertext
    }

    /// The same ciphertext relabelled with another peer (the server swaps receiver for sender).
    func relabelled(_ peer: ParticipantID) -> EncryptedShares {
        EncryptedShares(peer: peer, nonce: nonce, ciphertext: ciphertext)
    }

    func encode(into bytes: inout [UInt8]) {
        bytes.appendLittleEndian(peer.rawValue)
        bytes.append(contentsOf: nonce)
        bytes.append(contentsOf: ciphertext)
    }

    init(from reader: inout WireReader) throws(SecureAggError) {
        peer = try reader.readParticipant(field: "shares.peer")
        nonce = try reader.readBytes(ShareCipher.nonceByteCount, field: "shares.nonce")
        ciphertext = try reader.readBytes(Self.ciphertextByteCount, field: "shares.ciphertext")
    }
}
