import ChorusSupport

/// Encrypts the Shamir shares one participant sends another through the server, with
/// XChaCha20-Poly1305 under the pair's derived key and a random 24-byte nonce.
/// The associated data binds each ciphertext to the run, the round, the sender and the
/// receiver, so the server cannot replay it in another round or redirect it.
enum ShareCipher {
    static let nonceByteCount = Sodium.aeadNonceBytes
    static let tagByteCount = Sodium.aeadTagBytes

    static func associatedData(run: RunID, round: UInt64, sender: ParticipantID, receiver: ParticipantID) -> [UInt8] {
        var data = Array("chorus-secagg-v2 shares".utf8)
        data.append(contentsOf: run.bytes)
        data.appendLittleEndian(round)
        data.appendLittleEndian(sender.rawValue)
        data.appendLittleEndian(receiver.rawValue)
        return data
    }

    /// Seals `plaintext` with a fresh random nonce.
    static func seal(_ plaintext: SecretBytes, key: SecretBytes, run: RunID, round: UInt64, sender: ParticipantID,
                     receiver: ParticipantID) throws(SecureAggError) -> EncryptedShares {
        var nonce = [UInt8](repeating: 0, count: nonceByteCount)
        Sodium.fillRandom(&nonce)
        let ciphertext = try Sodium.aeadSeal(plaintext: plaintext,
                                             associatedData: associatedData(run: run, round: round, sender: sender, receiver: receiver),
                                             nonce: nonce, key: key)
        return EncryptedShares(peer: receiver, nonce: nonce, ciphertext: ciphertext)
    }

    /// Opens shares that `sender` sealed for `receiver` in `round`.
    /// - Throws: `decryptionFailed(peer: sender)` for a forged, altered or misdirected ciphertext.
    static func open(_ sealed: EncryptedShares, key: SecretBytes, run: RunID, round: UInt64, sender: ParticipantID,
                     receiver: ParticipantID) throws(SecureAggError) -> SecretBytes {
        guard let plaintext = try Sodium.aeadOpen(ciphertext: sealed.ciphertext,
                                                  associatedData: associatedData(run: run, round: round, sender: sender, receiver: receiver),
                                                  nonce: sealed.nonce, key: key) else {
            throw .decryptionFailed(peer: sender)
        }
        return plaintext
    }
}
