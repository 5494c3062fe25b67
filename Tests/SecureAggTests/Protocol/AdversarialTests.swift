import SecureAgg
import Testing

/// An active server or a faulty peer: each deviation is refused with a typed error,
/// and honest clients reveal nothing they should not.
struct AdversarialTests {
    /// A round stopped just before clients answer the unmask request.
    private func roundAtUnmask() throws -> ManualRound {
        var round = try ManualRound(.complete(5, threshold: 3))
        try round.advertise()
        try round.answer()  // shares
        try round.answer()  // masked inputs
        try round.answer()  // consistency signatures
        return round
    }

    /// A round of four in which every client advertised: the first client and the key
    /// roster the server sent it.
    private func roundAtKeyRoster() throws -> (round: ManualRound, client: SecureAggClient, roster: [KeyAdvertisement]) {
        var round = try ManualRound(.complete(4, threshold: 2))
        try round.advertise()
        let first = round.fixture.ids[0]
        guard case let .keyRoster(roster)? = round.toClients[first]?.body, let client = round.clients[first] else {
            throw SecureAggError.unexpectedMessage(stage: .shareKeys)
        }
        return (round, client, roster)
    }

    /// Listing a peer both as survivor and as dropped gets no share from any honest client.
    @Test func survivorListedAsDroppedGetsNoShares() throws {
        let round = try roundAtUnmask()
        let ids = round.fixture.ids
        for id in ids {
            guard case let .unmaskRequest(honest)? = round.toClients[id]?.body else {
                Issue.record("no unmask request for \(id)")
                continue
            }
            let forged = ServerMessage(round: 7, body: .unmaskRequest(
                UnmaskRequest(survivors: honest.survivors, dropped: [ids[2]], signatures: honest.signatures)))
            guard var client = round.clients[id] else { continue }
            #expect(throws: SecureAggError.listedAsSurvivorAndDropped(peer: ids[2])) {
                _ = try client.receive(forged)
            }
            #expect(client.isFinished)
        }
    }

    /// An unmask request for another survivor set than the signed one is refused.
    @Test func changedSurvivorSetIsRefused() throws {
        let round = try roundAtUnmask()
        let ids = round.fixture.ids
        guard case let .unmaskRequest(honest)? = round.toClients[ids[0]]?.body, var client = round.clients[ids[0]] else {
            Issue.record("no unmask request")
            return
        }
        let fewer = Array(honest.survivors.dropLast())
        let forged = ServerMessage(round: 7, body: .unmaskRequest(
            UnmaskRequest(survivors: fewer, dropped: [], signatures: honest.signatures)))
        #expect(throws: SecureAggError.survivorSetChanged) { _ = try client.receive(forged) }
    }

    /// Without t valid signatures of the survivor set, a client reveals nothing; a
    /// forged signature is named.
    @Test func missingOrForgedConsistencySignaturesAreRefused() throws {
        let round = try roundAtUnmask()
        let ids = round.fixture.ids
        guard case let .unmaskRequest(honest)? = round.toClients[ids[0]]?.body,
              var first = round.clients[ids[0]], var second = round.clients[ids[1]] else {
            Issue.record("no unmask request")
            return
        }
        let tooFew = ServerMessage(round: 7, body: .unmaskRequest(
            UnmaskRequest(survivors: honest.survivors, dropped: [], signatures: Array(honest.signatures.prefix(2)))))
        #expect(throws: SecureAggError.tooFewConsistencySignatures(count: 2, threshold: 3)) { _ = try first.receive(tooFew) }
        var signatures = honest.signatures
        signatures[1] = ConsistencySignature(signer: signatures[1].signer, signature: [UInt8](repeating: 0, count: 64))
        let forged = ServerMessage(round: 7, body: .unmaskRequest(
            UnmaskRequest(survivors: honest.survivors, dropped: [], signatures: signatures)))
        #expect(throws: SecureAggError.invalidSignature(peer: signatures[1].signer, field: "survivor set")) {
            _ = try second.receive(forged)
        }
    }

    /// A second unmask request (to collect the other kind of share) finds the client finished.
    @Test func secondUnmaskRequestIsRefused() throws {
        let round = try roundAtUnmask()
        let id = round.fixture.ids[0]
        guard let request = round.toClients[id], var client = round.clients[id] else {
            Issue.record("no unmask request")
            return
        }
        _ = try client.receive(request)
        #expect(throws: SecureAggError.unexpectedMessage(stage: .unmask)) { _ = try client.receive(request) }
    }

    /// A key advertisement whose key was swapped (forged) or whose signature is zero
    /// (unsigned) is refused by the client that receives it and by the server.
    @Test(arguments: [true, false])
    func forgedOrUnsignedKeysAreRefused(swapKey: Bool) throws {
        let (round, initial, roster) = try roundAtKeyRoster()
        var client = initial
        let victim = roster[0]
        let bogusKey = try AgreementPublicKey(rawRepresentation: [UInt8](repeating: 9, count: 32))
        let tampered = swapKey
            ? KeyAdvertisement(participant: victim.participant, encryptionKey: bogusKey, maskKey: victim.maskKey, signature: victim.signature)
            : KeyAdvertisement(participant: victim.participant, encryptionKey: victim.encryptionKey, maskKey: victim.maskKey,
                               signature: [UInt8](repeating: 0, count: 64))
        let message = ServerMessage(round: 7, body: .keyRoster([tampered] + roster.dropFirst()))
        #expect(throws: SecureAggError.invalidSignature(peer: victim.participant, field: "key advertisement")) {
            _ = try client.receive(message)
        }
        // The server checks advertisements too: a forged one drops its sender.
        var server = SecureAggServer(configuration: round.fixture.configuration)
        let actions = server.receive(ClientMessage(round: 7, sender: victim.participant, body: .advertiseKeys(tampered)),
                                     from: victim.participant)
        #expect(actions.dropped[victim.participant] == .invalidSignature(peer: victim.participant, field: "key advertisement"))
    }

    /// A key advertisement truncated before its signature does not decode.
    @Test func advertisementWithoutSignatureDoesNotDecode() throws {
        var client = try RoundFixture.complete(3, threshold: 2).client(ParticipantID(1))
        let bytes = try client.start().encode()
        #expect(throws: SecureAggError.truncated(field: "advertisement.signature")) {
            _ = try ClientMessage.decode(bytes.dropLast(64))
        }
    }

    /// Messages of another round are refused by both machines.
    @Test func messagesFromAnotherRoundAreRefused() throws {
        let (round, initial, roster) = try roundAtKeyRoster()
        var client = initial
        let ids = round.fixture.ids
        #expect(throws: SecureAggError.wrongRound(expected: 7, actual: 8)) {
            _ = try client.receive(ServerMessage(round: 8, body: .keyRoster(roster)))
        }
        var otherClient = try round.fixture.client(ids[1])
        let advertisement = try otherClient.start()
        var server = SecureAggServer(configuration: round.fixture.configuration)
        let stale = ClientMessage(round: 6, sender: ids[1], body: advertisement.body)
        #expect(server.receive(stale, from: ids[1]).dropped[ids[1]] == .wrongRound(expected: 7, actual: 6))
        // Signed for round 7 but relabelled as round 8: the server of round 8 rejects the signature.
        let roundEight = try RoundConfiguration(run: round.fixture.configuration.run, round: 8, dimension: 16, parameters: round.fixture.configuration.parameters,
                                                graphSeed: round.fixture.configuration.graphSeed,
                                                members: round.fixture.configuration.members)
        var serverEight = SecureAggServer(configuration: roundEight)
        let relabelled = ClientMessage(round: 8, sender: ids[1], body: advertisement.body)
        #expect(serverEight.receive(relabelled, from: ids[1]).dropped[ids[1]]
                == .invalidSignature(peer: ids[1], field: "key advertisement"))
    }

    /// A replayed share (the same ciphertext twice) and a share redirected from another
    /// receiver are refused.
    @Test func replayedOrRedirectedSharesAreRefused() throws {
        var round = try ManualRound(.complete(4, threshold: 2))
        try round.advertise()
        try round.answer()
        let ids = round.fixture.ids
        guard case let .forwardedShares(toFirst)? = round.toClients[ids[0]]?.body,
              case let .forwardedShares(toSecond)? = round.toClients[ids[1]]?.body,
              var first = round.clients[ids[0]], var second = round.clients[ids[1]] else {
            Issue.record("no forwarded shares")
            return
        }
        let replayed = ServerMessage(round: 7, body: .forwardedShares(toFirst + [toFirst[0]]))
        #expect(throws: SecureAggError.duplicate(peer: toFirst[0].peer, field: "forwarded shares")) {
            _ = try first.receive(replayed)
        }
        // ids[2] sealed this for ids[0]; handing it to ids[1] (labelled as from ids[2]) fails authentication.
        guard let sealedForFirst = toFirst.first(where: { $0.peer == ids[2] }) else {
            Issue.record("no share from \(ids[2])")
            return
        }
        let redirected = toSecond.map { $0.peer == ids[2] ? sealedForFirst : $0 }
        #expect(throws: SecureAggError.decryptionFailed(peer: ids[2])) {
            _ = try second.receive(ServerMessage(round: 7, body: .forwardedShares(redirected)))
        }
    }

    /// A masked vector of the wrong length drops its sender; a client refuses an input
    /// of the wrong length up front.
    @Test func wrongVectorLengthIsRefused() throws {
        var round = try ManualRound(.complete(4, threshold: 2))
        try round.advertise()
        try round.answer()
        let id = round.fixture.ids[3]
        let short = ClientMessage(round: 7, sender: id, body: .maskedInput([1, 2, 3]))
        #expect(round.server.receive(short, from: id).dropped[id] == .wrongVectorLength(peer: id, expected: 16, actual: 3))
        #expect(throws: SecureAggError.wrongVectorLength(peer: id, expected: 16, actual: 15)) {
            _ = try round.fixture.client(id, input: [UInt32](repeating: 0, count: 15))
        }
    }

    /// A message whose header names another sender than its connection, or a repeat
    /// within a stage, drops the peer; the round continues.
    @Test func impersonationAndRepeatsDropThePeer() throws {
        let fixture = try RoundFixture.complete(4, threshold: 2)
        var server = SecureAggServer(configuration: fixture.configuration)
        let ids = fixture.ids
        var client = try fixture.client(ids[0])
        let advertisement = try client.start()
        #expect(server.receive(advertisement, from: ids[1]).dropped[ids[1]]
                == .senderMismatch(claimed: ids[0], actual: ids[1]))
        #expect(server.receive(advertisement, from: ids[0]).dropped.isEmpty)
        #expect(server.receive(advertisement, from: ids[0]).dropped[ids[0]]
                == .duplicate(peer: ids[0], field: "advertise-keys message"))
        #expect(server.stage == .advertiseKeys)
    }
}

/// A participant that reveals a corrupted share of a dropped peer's mask key makes
/// the server abort with `reconstructionFailed` rather than output a wrong sum.
struct CorruptShareTests {
    @Test func corruptedMaskKeyShareAbortsTheRound() throws {
        var round = try ManualRound(.complete(5, threshold: 3))
        let ids = round.fixture.ids
        try round.advertise()
        try round.answer()  // shares
        round.clients[ids[4]] = nil  // drops before sending its masked vector
        round.actions += round.server.peerDisconnected(ids[4])
        round.toClients[ids[4]] = nil
        try round.answer()  // masked inputs of four
        try round.answer()  // signatures
        for id in ids.prefix(4) {
            guard let request = round.toClients[id], var client = round.clients[id] else { continue }
            var bytes = try client.receive(request).encode()
            // Flip one byte of every share this client reveals (header 14 bytes, count 4,
            // then entries of owner 4 + kind 1 + share 40).
            for entry in 0..<5 where 18 + entry * 45 + 10 < bytes.count { bytes[18 + entry * 45 + 10] ^= 0x5A }
            round.actions += round.server.receive(try ClientMessage.decode(bytes[...]), from: id)
        }
        let aborted = round.actions.contains { action in
            if case .abortRound(reason: .reconstructionFailed) = action { return true }
            return false
        }
        #expect(aborted)
        #expect(!round.actions.contains { if case .completeRound = $0 { return true } else { return false } })
    }
}
