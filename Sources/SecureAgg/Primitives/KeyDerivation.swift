import ChorusSupport

/// Derives the symmetric keys of a pair of participants from their X25519 secret.
///
/// Each key is BLAKE2b keyed with the raw shared secret over a context that names
/// the protocol, the key's purpose, the run and round and both parties with their public
/// keys (lower id first, so both sides derive the same key). A key of one run, round,
/// pair or purpose is therefore useless in any other.
enum KeyDerivation {
    /// What a derived key is for; its byte separates the domains.
    enum Purpose: UInt8 {
        /// The AES-128-CTR key of the pairwise mask between two neighbours.
        case pairwiseMask = 1
        /// The XChaCha20-Poly1305 key for the shares one neighbour sends another.
        case shareEncryption = 2
        /// The AES-128-CTR key of a participant's self mask, from its seed b.
        case selfMask = 3

        /// Bytes of the key: the mask PRG's key size for masks, 32 for the AEAD.
        var keyBytes: Int {
            switch self {
            case .pairwiseMask, .selfMask: MaskApplier.prg.keyBytes
            case .shareEncryption: 32
            }
        }
    }

    /// v3: mask keys are 16-byte AES-128-CTR keys (v2 derived 32-byte ChaCha20 keys).
    static let label: [UInt8] = Array("chorus-secagg-v3 kdf".utf8)

    /// The key for `purpose` (`purpose.keyBytes` long) between `first` and `second` in `round` of `run`.
    static func pairKey(shared: SecretBytes, purpose: Purpose, run: RunID, round: UInt64,
                        first: (id: ParticipantID, key: AgreementPublicKey),
                        second: (id: ParticipantID, key: AgreementPublicKey)) throws(SecureAggError) -> SecretBytes {
        let (low, high) = first.id < second.id ? (first, second) : (second, first)
        var context = label
        context.append(purpose.rawValue)
        context.append(contentsOf: run.bytes)
        context.appendLittleEndian(round)
        context.appendLittleEndian(low.id.rawValue)
        context.appendLittleEndian(high.id.rawValue)
        context.append(contentsOf: low.key.rawRepresentation)
        context.append(contentsOf: high.key.rawRepresentation)
        return try Sodium.keyedBlake2b(key: shared, message: context, outputBytes: purpose.keyBytes)
    }

    /// The self-mask key of `participant` in `round`, from its 32-byte seed b.
    static func selfMaskKey(seed: SecretBytes, run: RunID, round: UInt64, participant: ParticipantID) throws(SecureAggError) -> SecretBytes {
        var context = label
        context.append(Purpose.selfMask.rawValue)
        context.append(contentsOf: run.bytes)
        context.appendLittleEndian(round)
        context.appendLittleEndian(participant.rawValue)
        return try Sodium.keyedBlake2b(key: seed, message: context, outputBytes: Purpose.selfMask.keyBytes)
    }
}
