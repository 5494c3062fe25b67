import ChorusSupport

extension SecureAggServer {
    /// Rebuilds each survivor's self-mask seed and each dropped peer's mask key from
    /// t shares, removes those masks from the running sum, and completes the round.
    mutating func finish(_ stage: Unmasking) -> [ServerAction] {
        var stage = stage
        var sum = stage.sum
        stage.sum = []
        do throws(SecureAggError) {
            var cache: [[ParticipantID]: [FieldElement]] = [:]
            var terms: [MaskTerm] = []
            for survivor in stage.survivors {
                let seed = try rebuild(survivor, from: stage.seedShares[survivor] ?? [], cache: &cache)
                terms.append(MaskTerm(key: try KeyDerivation.selfMaskKey(seed: seed, run: configuration.run, round: configuration.round,
                                                                         participant: survivor), sign: .subtract))
            }
            for dropped in stage.dropped {
                let secret = try rebuild(dropped, from: stage.maskKeyShares[dropped] ?? [], cache: &cache)
                terms += try pairwiseTerms(of: dropped, secret: secret, survivors: stage.survivors,
                                           advertisements: stage.advertisements)
            }
            try MaskApplier.apply(terms, to: &sum, threads: MaskApplier.allCores)
        } catch {
            return abort(error)
        }
        state = .finished
        return [.completeRound(sum: sum, survivors: stage.survivors)]
    }

    /// The secret of `owner` from its first t shares by holder id.
    private func rebuild(_ owner: ParticipantID, from shares: [(ParticipantID, SecretBytes)],
                         cache: inout [[ParticipantID]: [FieldElement]]) throws(SecureAggError) -> SecretBytes {
        let threshold = configuration.parameters.threshold
        guard shares.count >= threshold else {
            throw .cannotReconstruct(peer: owner, shares: shares.count, threshold: threshold)
        }
        let chosen = shares.sorted { $0.0 < $1.0 }.prefix(threshold)
        let holders = chosen.map(\.0)
        let coefficients = cache[holders] ?? ShamirSharing.lagrangeCoefficientsAtZero(holders: holders)
        cache[holders] = coefficients
        guard let secret = ShamirSharing.reconstruct(chosen.map(\.1), coefficients: coefficients) else {
            throw .reconstructionFailed(peer: owner)
        }
        return secret
    }

    /// The terms that cancel the pairwise masks between a dropped peer and its
    /// surviving neighbours, after checking the rebuilt key against its advertisement.
    private func pairwiseTerms(of dropped: ParticipantID, secret: SecretBytes, survivors: [ParticipantID],
                               advertisements: [ParticipantID: KeyAdvertisement]) throws(SecureAggError) -> [MaskTerm] {
        let key = try AgreementPrivateKey(secret: secret)
        guard let advertised = advertisements[dropped], advertised.maskKey == key.publicKey else {
            throw .reconstructionFailed(peer: dropped)
        }
        var terms: [MaskTerm] = []
        for survivor in survivors where configuration.graph.areNeighbours(survivor, dropped) {
            guard let peer = advertisements[survivor] else { continue }
            let shared = try key.sharedSecret(with: peer.maskKey, peer: survivor)
            let seed = try KeyDerivation.pairKey(shared: shared, purpose: .pairwiseMask, run: configuration.run, round: configuration.round,
                                                 first: (dropped, advertised.maskKey), second: (survivor, peer.maskKey))
            // The survivor added PRG(s) if its id is lower, subtracted it otherwise: undo that.
            terms.append(MaskTerm(key: seed, sign: survivor < dropped ? .subtract : .add))
        }
        return terms
    }
}
