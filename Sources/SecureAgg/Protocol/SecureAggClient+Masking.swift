import ChorusSupport

extension SecureAggClient {
    /// Stage 2: open the neighbours' shares, then send y = x + PRG(b) + Σ ±PRG(s_uv)
    /// over the neighbours that shared keys with us (+ when our id is lower).
    mutating func receiveShares(_ forwarded: [EncryptedShares]) throws(SecureAggError) -> ClientMessage {
        guard case .awaitingShares(let secrets, var input, let peers, let own) = state else {
            throw .unexpectedMessage(stage: .maskedInput)
        }
        state = .modifying  // `input` is now the only reference: masked in place, not copied
        var held: [ParticipantID: HeldShares] = [id: own]
        var terms = [MaskTerm(key: try KeyDerivation.selfMaskKey(seed: secrets.selfMaskSeed, run: configuration.run, round: configuration.round,
                                                                 participant: id), sign: .add)]
        for entry in forwarded {
            let sender = entry.peer
            guard configuration.identities[sender] != nil else { throw .unknownParticipant(sender) }
            guard let peer = peers[sender] else { throw .notNeighbours(peer: sender, of: id) }
            guard held[sender] == nil else { throw .duplicate(peer: sender, field: "forwarded shares") }
            let plaintext = try ShareCipher.open(entry, key: peer.shareKey, run: configuration.run, round: configuration.round,
                                                 sender: sender, receiver: id)
            guard plaintext.count == EncryptedShares.plaintextByteCount else { throw .decryptionFailed(peer: sender) }
            // Copied straight from the decrypted buffer into wiped storage, never into a plain array.
            let half = ShamirSharing.shareByteCount
            held[sender] = HeldShares(maskKey: SecretBytes(plaintext, range: 0..<half),
                                      selfMaskSeed: SecretBytes(plaintext, range: half..<2 * half))
            terms.append(MaskTerm(key: peer.maskSeed, sign: id < sender ? .add : .subtract))
        }
        // At least t partners besides ourselves: otherwise a server that withholds
        // honest partners' shares and later calls them dropped could strip every
        // pairwise mask from our vector.
        let partners = held.count - 1
        let threshold = configuration.parameters.threshold
        guard partners >= threshold else {
            throw .tooFewParticipants(stage: .maskedInput, count: partners, threshold: threshold)
        }
        try MaskApplier.apply(terms, to: &input, threads: MaskApplier.allCores)
        state = .awaitingSurvivors(held: held)
        return message(.maskedInput(input))
    }

    /// Stage 3: sign the survivor set if it includes us and has at least t members.
    mutating func receiveSurvivors(_ survivors: [ParticipantID]) throws(SecureAggError) -> ClientMessage {
        guard case let .awaitingSurvivors(held) = state else { throw .unexpectedMessage(stage: .consistencyCheck) }
        try requireStrictlyIncreasingRosterMembers(survivors, field: "survivors")
        guard survivors.contains(id) else { throw .notInSurvivorSet(id) }
        let threshold = configuration.parameters.threshold
        guard survivors.count >= threshold else {
            throw .tooFewParticipants(stage: .consistencyCheck, count: survivors.count, threshold: threshold)
        }
        state = .awaitingUnmaskRequest(held: held, survivors: survivors)
        let content = ConsistencySignature.signedBytes(run: configuration.run, round: configuration.round, survivors: survivors)
        return message(.consistencySignature(identity.signature(for: content)))
    }

    /// Stage 4: check the request against the signed set, then reveal seed shares of
    /// survivors and mask-key shares of dropped peers, never both for one owner.
    mutating func receiveUnmaskRequest(_ request: UnmaskRequest) throws(SecureAggError) -> ClientMessage {
        guard case let .awaitingUnmaskRequest(held, survivors) = state else { throw .unexpectedMessage(stage: .unmask) }
        guard request.survivors == survivors else { throw .survivorSetChanged }
        try requireStrictlyIncreasingRosterMembers(request.dropped, field: "dropped")
        let survivorSet = Set(survivors)
        if let both = request.dropped.first(where: survivorSet.contains) {
            throw .listedAsSurvivorAndDropped(peer: both)
        }
        let content = ConsistencySignature.signedBytes(run: configuration.run, round: configuration.round, survivors: survivors)
        var signers = Set<ParticipantID>()
        for entry in request.signatures {
            guard survivorSet.contains(entry.signer) else {
                throw .invalidField(field: "unmask.signatures", reason: "signer \(entry.signer) is not a survivor")
            }
            guard signers.insert(entry.signer).inserted else { throw .duplicate(peer: entry.signer, field: "consistency signatures") }
            guard let key = configuration.identities[entry.signer], key.isValidSignature(entry.signature, for: content) else {
                throw .invalidSignature(peer: entry.signer, field: "survivor set")
            }
        }
        let threshold = configuration.parameters.threshold
        guard signers.count >= threshold else {
            throw .tooFewConsistencySignatures(count: signers.count, threshold: threshold)
        }
        let droppedSet = Set(request.dropped)
        var revealed: [RevealedShare] = []
        for owner in held.keys.sorted() {
            guard let shares = held[owner] else { continue }
            if survivorSet.contains(owner) {
                revealed.append(RevealedShare(owner: owner, kind: .selfMaskSeed, share: shares.selfMaskSeed))
            } else if droppedSet.contains(owner) {
                revealed.append(RevealedShare(owner: owner, kind: .maskKey, share: shares.maskKey))
            }
        }
        state = .finished
        return message(.unmaskShares(revealed))
    }

    /// Lists from the server must be sorted, without repeats, and name roster members.
    private func requireStrictlyIncreasingRosterMembers(_ ids: [ParticipantID], field: String) throws(SecureAggError) {
        for (index, id) in ids.enumerated() {
            guard configuration.identities[id] != nil else { throw .unknownParticipant(id) }
            if index > 0, ids[index - 1] >= id {
                throw .invalidField(field: field, reason: "ids must be strictly increasing (\(ids[index - 1]) then \(id))")
            }
        }
    }
}
