extension SecureAggServer {
    /// Participants the current stage still waits for.
    var pending: Set<ParticipantID> {
        switch state {
        case let .advertising(stage): return stage.pending
        case let .sharing(stage): return stage.pending
        case let .masking(stage): return stage.pending
        case let .checking(stage): return stage.pending
        case let .unmasking(stage): return stage.pending
        case .finished, .modifying: return []
        }
    }

    /// Whether `peer` already answered the current stage.
    func answered(_ peer: ParticipantID) -> Bool {
        switch state {
        case let .advertising(stage): return stage.advertisements[peer] != nil
        case let .sharing(stage): return stage.shares[peer] != nil
        case let .masking(stage): return stage.survivors.contains(peer)
        case let .checking(stage): return stage.signatures[peer] != nil
        case let .unmasking(stage): return stage.responders.contains(peer)
        case .finished, .modifying: return false
        }
    }

    /// Stops waiting for `peer` in the current stage. Each case moves its stage out of
    /// `state` first so the running sum is mutated in place, never copied.
    mutating func removePending(_ peer: ParticipantID) {
        switch state {
        case var .advertising(stage):
            state = .modifying
            stage.pending.remove(peer)
            state = .advertising(stage)
        case var .sharing(stage):
            state = .modifying
            stage.pending.remove(peer)
            state = .sharing(stage)
        case var .masking(stage):
            state = .modifying
            stage.pending.remove(peer)
            state = .masking(stage)
        case var .checking(stage):
            state = .modifying
            stage.pending.remove(peer)
            state = .checking(stage)
        case var .unmasking(stage):
            state = .modifying
            stage.pending.remove(peer)
            state = .unmasking(stage)
        case .finished, .modifying:
            break
        }
    }

    /// Checks one answer of the current stage and records it. Switches on `state` alone
    /// (the caller checked the body's stage) and moves the stage out before mutating it.
    mutating func record(_ body: ClientMessage.Body, from peer: ParticipantID) throws(SecureAggError) {
        let unexpected = SecureAggError.unexpectedMessage(stage: ClientMessage(round: 0, sender: peer, body: body).stage)
        switch state {
        case var .advertising(stage):
            guard case let .advertiseKeys(advertisement) = body else { throw unexpected }
            guard advertisement.participant == peer else {
                throw .senderMismatch(claimed: advertisement.participant, actual: peer)
            }
            guard let identity = configuration.identities[peer] else { throw .unknownParticipant(peer) }
            try advertisement.verify(run: configuration.run, round: configuration.round, identity: identity)
            state = .modifying
            stage.advertisements[peer] = advertisement
            state = .advertising(stage)
        case var .sharing(stage):
            guard case let .shareKeys(entries) = body else { throw unexpected }
            try checkShareKeys(entries, from: peer, advertised: stage.advertisements)
            state = .modifying
            stage.shares[peer] = entries
            state = .sharing(stage)
        case var .masking(stage):
            guard case let .maskedInput(vector) = body else { throw unexpected }
            guard vector.count == configuration.dimension else {
                throw .wrongVectorLength(peer: peer, expected: configuration.dimension, actual: vector.count)
            }
            state = .modifying
            RingSum.add(vector, into: &stage.sum)
            stage.survivors.insert(peer)
            state = .masking(stage)
        case var .checking(stage):
            guard case let .consistencySignature(signature) = body else { throw unexpected }
            let content = ConsistencySignature.signedBytes(run: configuration.run, round: configuration.round, survivors: stage.survivors)
            guard let identity = configuration.identities[peer], identity.isValidSignature(signature, for: content) else {
                throw .invalidSignature(peer: peer, field: "survivor set")
            }
            state = .modifying
            stage.signatures[peer] = signature
            state = .checking(stage)
        case var .unmasking(stage):
            guard case let .unmaskShares(shares) = body else { throw unexpected }
            try checkRevealed(shares, from: peer, survivors: Set(stage.survivors), dropped: Set(stage.dropped))
            state = .modifying
            for share in shares {
                switch share.kind {
                case .selfMaskSeed: stage.seedShares[share.owner, default: []].append((peer, share.share))
                case .maskKey: stage.maskKeyShares[share.owner, default: []].append((peer, share.share))
                }
            }
            stage.responders.insert(peer)
            state = .unmasking(stage)
        case .finished, .modifying:
            throw unexpected
        }
    }

    /// A client must send shares to exactly its neighbours that advertised keys, once each.
    private func checkShareKeys(_ entries: [EncryptedShares], from peer: ParticipantID,
                                advertised: [ParticipantID: KeyAdvertisement]) throws(SecureAggError) {
        var seen = Set<ParticipantID>()
        for entry in entries {
            guard advertised[entry.peer] != nil, configuration.graph.areNeighbours(peer, entry.peer) else {
                throw .notNeighbours(peer: entry.peer, of: peer)
            }
            guard seen.insert(entry.peer).inserted else { throw .duplicate(peer: entry.peer, field: "share keys") }
        }
        for neighbour in configuration.graph.neighbours(of: peer) where advertised[neighbour] != nil && !seen.contains(neighbour) {
            throw .invalidField(field: "share_keys", reason: "no shares for neighbour \(neighbour)")
        }
    }

    /// Revealed shares must be of survivors' seeds or dropped peers' mask keys, from a
    /// holder of that owner's shares, one per owner.
    private func checkRevealed(_ shares: [RevealedShare], from holder: ParticipantID, survivors: Set<ParticipantID>,
                               dropped: Set<ParticipantID>) throws(SecureAggError) {
        var owners = Set<ParticipantID>()
        for share in shares {
            let expected: RevealedShare.Kind
            if survivors.contains(share.owner) {
                expected = .selfMaskSeed
            } else if dropped.contains(share.owner) {
                expected = .maskKey
            } else {
                throw .invalidField(field: "revealed.owner", reason: "participant \(share.owner) is neither survivor nor dropped")
            }
            guard share.kind == expected else {
                throw .invalidField(field: "revealed.kind", reason: "wrong kind of share for participant \(share.owner)")
            }
            guard share.owner == holder || configuration.graph.areNeighbours(share.owner, holder) else {
                throw .notNeighbours(peer: share.owner, of: holder)
            }
            guard owners.insert(share.owner).inserted else { throw .duplicate(peer: share.owner, field: "revealed shares") }
        }
    }
}
