extension SecureAggServer {
    /// Closes the current stage with whoever answered and opens the next one, or ends
    /// the round. Whoever did not answer counts as dropped from here on.
    mutating func advance() -> [ServerAction] {
        let threshold = configuration.parameters.threshold
        let round = configuration.round
        switch state {
        case let .advertising(stage):
            let advertised = stage.advertisements.keys.sorted()
            guard advertised.count >= threshold else {
                return abort(.tooFewParticipants(stage: .advertiseKeys, count: advertised.count, threshold: threshold))
            }
            let actions: [ServerAction] = advertised.map { id in
                let roster = configuration.graph.neighbours(of: id).compactMap { stage.advertisements[$0] }
                return .send(ServerMessage(round: round, body: .keyRoster(roster)), to: id)
            }
            state = .sharing(Sharing(advertisements: stage.advertisements, pending: Set(advertised)))
            return actions
        case let .sharing(stage):
            // Each client masks only with at least t partners, so t + 1 sharers are needed.
            let sharers = Set(stage.shares.keys)
            guard sharers.count >= threshold + 1 else {
                return abort(.tooFewParticipants(stage: .shareKeys, count: sharers.count, threshold: threshold + 1))
            }
            var inbox: [ParticipantID: [EncryptedShares]] = [:]
            for (sender, entries) in stage.shares {
                for entry in entries where sharers.contains(entry.peer) {
                    inbox[entry.peer, default: []].append(entry.relabelled(sender))
                }
            }
            let actions: [ServerAction] = sharers.sorted().map { id in
                let forwarded = (inbox[id] ?? []).sorted { $0.peer < $1.peer }
                return .send(ServerMessage(round: round, body: .forwardedShares(forwarded)), to: id)
            }
            state = .masking(Masking(advertisements: stage.advertisements, sharers: sharers, pending: sharers,
                                     sum: [UInt32](repeating: 0, count: configuration.dimension)))
            return actions
        case var .masking(stage):
            state = .modifying
            let survivors = stage.survivors.sorted()
            guard survivors.count >= threshold else {
                return abort(.tooFewParticipants(stage: .maskedInput, count: survivors.count, threshold: threshold))
            }
            let actions: [ServerAction] = survivors.map { .send(ServerMessage(round: round, body: .survivors(survivors)), to: $0) }
            let sum = stage.sum
            stage.sum = []
            state = .checking(Checking(advertisements: stage.advertisements, sharers: stage.sharers, sum: sum,
                                       survivors: survivors, pending: Set(survivors)))
            return actions
        case var .checking(stage):
            state = .modifying
            let signers = stage.signatures.keys.sorted()
            guard signers.count >= threshold else {
                return abort(.tooFewConsistencySignatures(count: signers.count, threshold: threshold))
            }
            let survivorSet = Set(stage.survivors)
            let dropped = stage.sharers.filter { !survivorSet.contains($0) }.sorted()
            // t signatures prove the set to every client, which checks each one it gets: sending
            // all of them cost each client n verifications instead of t (with n = 100 and t = 17,
            // most of a client's unmasking time); each was verified here on arrival.
            let signatures = signers.prefix(threshold).compactMap { signer in
                stage.signatures[signer].map { ConsistencySignature(signer: signer, signature: $0) }
            }
            let request = UnmaskRequest(survivors: stage.survivors, dropped: dropped, signatures: signatures)
            let actions: [ServerAction] = signers.map { .send(ServerMessage(round: round, body: .unmaskRequest(request)), to: $0) }
            let sum = stage.sum
            stage.sum = []
            state = .unmasking(Unmasking(advertisements: stage.advertisements, sum: sum, survivors: stage.survivors,
                                         dropped: dropped, pending: Set(signers)))
            return actions
        case let .unmasking(stage):
            state = .modifying
            return finish(stage)
        case .finished, .modifying:
            return []
        }
    }

    /// Ends the round without a result.
    mutating func abort(_ reason: SecureAggError) -> [ServerAction] {
        state = .finished
        return [.abortRound(reason: reason)]
    }
}
