import ChorusSupport

/// A participant's side of one secure-aggregation round, as a value: server messages
/// in, client messages out, no sockets, clocks or logs.
///
/// Drive it with `start()` (the stage-0 advertisement), then `receive(_:)` for each
/// server message, sending what it returns. Any error means the client abandons the
/// round; its secrets are wiped when the value is released. The client enforces the
/// protocol's defences itself: it checks every signature, refuses shares not sealed
/// for it in this round, masks only if at least t partners shared keys with it,
/// unmasks only for the survivor set it signed and at least t others signed, and
/// never reveals both a survivor's seed share and a mask-key share of one peer.
public struct SecureAggClient: Sendable {
    public let configuration: RoundConfiguration
    public let id: ParticipantID
    let identity: Ed25519SigningKey
    var state: State

    /// The ephemeral secrets of this round (Bonawitz's c^SK, s^SK and b).
    struct Secrets: Sendable {
        let encryptionKey: AgreementPrivateKey
        let maskKey: AgreementPrivateKey
        let selfMaskSeed: SecretBytes
    }

    /// What the client knows about a neighbour after its key advertisement verified.
    struct Peer: Sendable {
        let advertisement: KeyAdvertisement
        /// XChaCha20-Poly1305 key for shares between us.
        let shareKey: SecretBytes
        /// AES-128-CTR key of our pairwise mask.
        let maskSeed: SecretBytes
    }

    /// The two shares a client holds of one owner's secrets.
    struct HeldShares: Sendable {
        let maskKey: SecretBytes
        let selfMaskSeed: SecretBytes
    }

    enum State: Sendable {
        case ready(Secrets, input: [UInt32])
        case awaitingRoster(Secrets, input: [UInt32])
        case awaitingShares(Secrets, input: [UInt32], peers: [ParticipantID: Peer], own: HeldShares)
        case awaitingSurvivors(held: [ParticipantID: HeldShares])
        case awaitingUnmaskRequest(held: [ParticipantID: HeldShares], survivors: [ParticipantID])
        case finished
        case failed(SecureAggError)
        case modifying
    }

    /// A client for `participant` in the round `configuration`, masking `input`.
    /// Generates the round's ephemeral keys and seed from libsodium's CSPRNG.
    /// - Parameters:
    ///   - identity: the participant's long-term key; must match its roster entry.
    ///   - input: the quantized vector, exactly `configuration.dimension` entries.
    /// - Throws: `unknownParticipant`, `invalidConfiguration` (identity mismatch),
    ///   `wrongVectorLength`.
    public init(configuration: RoundConfiguration, participant: ParticipantID, identity: Ed25519SigningKey,
                input: [UInt32]) throws(SecureAggError) {
        guard let registered = configuration.identities[participant] else { throw .unknownParticipant(participant) }
        guard registered == identity.publicKey else {
            throw .invalidConfiguration(reason: "identity key of participant \(participant) differs from its roster entry")
        }
        guard input.count == configuration.dimension else {
            throw .wrongVectorLength(peer: participant, expected: configuration.dimension, actual: input.count)
        }
        self.configuration = configuration
        id = participant
        self.identity = identity
        let secrets = Secrets(encryptionKey: try .generate(), maskKey: try .generate(),
                              selfMaskSeed: .random(count: ShamirSharing.secretByteCount))
        state = .ready(secrets, input: input)
    }

    /// Whether the client sent its last message (or failed) and expects nothing more.
    public var isFinished: Bool {
        switch state {
        case .finished, .failed: return true
        case .ready, .awaitingRoster, .awaitingShares, .awaitingSurvivors, .awaitingUnmaskRequest, .modifying: return false
        }
    }

    /// Stage 0: the signed advertisement of the two ephemeral public keys.
    public mutating func start() throws(SecureAggError) -> ClientMessage {
        guard case let .ready(secrets, input) = state else { throw .unexpectedMessage(stage: .advertiseKeys) }
        state = .awaitingRoster(secrets, input: input)
        let advertisement = KeyAdvertisement(participant: id, encryptionKey: secrets.encryptionKey.publicKey,
                                             maskKey: secrets.maskKey.publicKey, run: configuration.run, round: configuration.round,
                                             identity: identity)
        return message(.advertiseKeys(advertisement))
    }

    /// Handles one server message and returns the reply to send.
    /// - Throws: the typed reason the client abandons the round; the client is then finished.
    public mutating func receive(_ message: ServerMessage) throws(SecureAggError) -> ClientMessage {
        do throws(SecureAggError) {
            guard message.round == configuration.round else {
                throw .wrongRound(expected: configuration.round, actual: message.round)
            }
            switch message.body {
            case let .keyRoster(advertisements): return try receiveRoster(advertisements)
            case let .forwardedShares(shares): return try receiveShares(shares)
            case let .survivors(survivors): return try receiveSurvivors(survivors)
            case let .unmaskRequest(request): return try receiveUnmaskRequest(request)
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    func message(_ body: ClientMessage.Body) -> ClientMessage {
        ClientMessage(round: configuration.round, sender: id, body: body)
    }

    /// Stage 1: verify the neighbours' keys, derive pairwise keys, share both secrets.
    private mutating func receiveRoster(_ advertisements: [KeyAdvertisement]) throws(SecureAggError) -> ClientMessage {
        guard case let .awaitingRoster(secrets, input) = state else { throw .unexpectedMessage(stage: .shareKeys) }
        state = .modifying
        var peers: [ParticipantID: Peer] = [:]
        for advertisement in advertisements {
            let peer = advertisement.participant
            guard let identityKey = configuration.identities[peer] else { throw .unknownParticipant(peer) }
            guard configuration.graph.areNeighbours(id, peer) else { throw .notNeighbours(peer: peer, of: id) }
            guard peers[peer] == nil else { throw .duplicate(peer: peer, field: "key roster") }
            try advertisement.verify(run: configuration.run, round: configuration.round, identity: identityKey)
            peers[peer] = try derivePeer(advertisement, secrets: secrets)
        }
        let holders = ([id] + peers.keys).sorted()
        let threshold = configuration.parameters.threshold
        guard holders.count >= threshold else {
            throw .tooFewParticipants(stage: .shareKeys, count: holders.count, threshold: threshold)
        }
        let maskKeyShares = ShamirSharing.split(secrets.maskKey.secret, threshold: threshold, holders: holders)
        let seedShares = ShamirSharing.split(secrets.selfMaskSeed, threshold: threshold, holders: holders)
        var sealed: [EncryptedShares] = []
        sealed.reserveCapacity(peers.count)
        var own: HeldShares?
        for holder in holders {
            guard let maskKeyShare = maskKeyShares[holder], let seedShare = seedShares[holder] else { continue }
            guard let peer = peers[holder] else {
                own = HeldShares(maskKey: maskKeyShare, selfMaskSeed: seedShare)
                continue
            }
            let plaintext = SecretBytes(concatenating: [maskKeyShare, seedShare])
            sealed.append(try ShareCipher.seal(plaintext, key: peer.shareKey, run: configuration.run, round: configuration.round,
                                               sender: id, receiver: holder))
        }
        guard let own else { preconditionFailure("the client is always one of its own holders") }
        state = .awaitingShares(secrets, input: input, peers: peers, own: own)
        return message(.shareKeys(sealed))
    }

    private func derivePeer(_ advertisement: KeyAdvertisement, secrets: Secrets) throws(SecureAggError) -> Peer {
        let peer = advertisement.participant
        let round = configuration.round
        let encryptionShared = try secrets.encryptionKey.sharedSecret(with: advertisement.encryptionKey, peer: peer)
        let maskShared = try secrets.maskKey.sharedSecret(with: advertisement.maskKey, peer: peer)
        return Peer(advertisement: advertisement,
                    shareKey: try KeyDerivation.pairKey(shared: encryptionShared, purpose: .shareEncryption, run: configuration.run, round: round,
                                                        first: (id, secrets.encryptionKey.publicKey),
                                                        second: (peer, advertisement.encryptionKey)),
                    maskSeed: try KeyDerivation.pairKey(shared: maskShared, purpose: .pairwiseMask, run: configuration.run, round: round,
                                                        first: (id, secrets.maskKey.publicKey),
                                                        second: (peer, advertisement.maskKey)))
    }
}
