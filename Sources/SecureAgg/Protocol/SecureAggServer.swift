import ChorusSupport

/// The server's side of one secure-aggregation round, as a value: client messages,
/// deadlines and disconnections in, actions out.
///
/// A stage ends when every participant still expected has answered, or when the
/// driver reports `deadlineElapsed(stage:)`; those who did not answer count as
/// dropped. Masked vectors are added into one running sum as they arrive, so memory
/// is d words plus the n·k share ciphertexts of stage 1, never n·d.
public struct SecureAggServer: Sendable {
    public let configuration: RoundConfiguration
    var state: State

    enum State: Sendable {
        case advertising(Advertising)
        case sharing(Sharing)
        case masking(Masking)
        case checking(Checking)
        case unmasking(Unmasking)
        case finished
        case modifying
    }

    struct Advertising: Sendable {
        var pending: Set<ParticipantID>
        var advertisements: [ParticipantID: KeyAdvertisement] = [:]
    }

    struct Sharing: Sendable {
        let advertisements: [ParticipantID: KeyAdvertisement]
        var pending: Set<ParticipantID>
        var shares: [ParticipantID: [EncryptedShares]] = [:]
    }

    struct Masking: Sendable {
        let advertisements: [ParticipantID: KeyAdvertisement]
        /// U2: who shared keys (and received everyone's shares).
        let sharers: Set<ParticipantID>
        var pending: Set<ParticipantID>
        var sum: [UInt32]
        var survivors: Set<ParticipantID> = []
    }

    struct Checking: Sendable {
        let advertisements: [ParticipantID: KeyAdvertisement]
        let sharers: Set<ParticipantID>
        var sum: [UInt32]
        let survivors: [ParticipantID]
        var pending: Set<ParticipantID>
        var signatures: [ParticipantID: [UInt8]] = [:]
    }

    struct Unmasking: Sendable {
        let advertisements: [ParticipantID: KeyAdvertisement]
        var sum: [UInt32]
        let survivors: [ParticipantID]
        let dropped: [ParticipantID]
        var pending: Set<ParticipantID>
        var responders: Set<ParticipantID> = []
        /// Shares received, per owner: (holder, share).
        var seedShares: [ParticipantID: [(ParticipantID, SecretBytes)]] = [:]
        var maskKeyShares: [ParticipantID: [(ParticipantID, SecretBytes)]] = [:]
    }

    /// A server for the round `configuration`, expecting every roster member to advertise keys.
    public init(configuration: RoundConfiguration) {
        self.configuration = configuration
        state = .advertising(Advertising(pending: Set(configuration.members.map(\.id))))
    }

    /// The stage in progress, or nil once the round completed or aborted. A driver arms
    /// this stage's deadline whenever the value changes.
    public var stage: Stage? {
        switch state {
        case .advertising: return .advertiseKeys
        case .sharing: return .shareKeys
        case .masking: return .maskedInput
        case .checking: return .consistencyCheck
        case .unmasking: return .unmask
        case .finished, .modifying: return nil
        }
    }

    /// The participants whose masked inputs are in the running sum, known once
    /// the masked-input stage has closed (nil before, and after the round ended).
    public var contributors: [ParticipantID]? {
        switch state {
        case let .checking(stage): stage.survivors
        case let .unmasking(stage): stage.survivors
        case .advertising, .sharing, .masking, .finished, .modifying: nil
        }
    }

    /// Handles `message`, which arrived on the authenticated connection of `peer`.
    /// A faulty message gives `.dropPeer` and the round goes on; when the stage's last
    /// expected answer arrives, the actions open the next stage (or end the round).
    public mutating func receive(_ message: ClientMessage, from peer: ParticipantID) -> [ServerAction] {
        if let fault = check(message, from: peer) {
            removePending(peer)
            return [.dropPeer(peer, reason: fault)] + advanceIfComplete()
        }
        return advanceIfComplete()
    }

    /// The deadline of `stage` passed: participants that have not answered are dropped
    /// (`.dropPeer` with `.missedDeadline`, so the driver closes a connection that may be
    /// dead without knowing it) and the next stage opens. A stale deadline (another
    /// stage) does nothing.
    public mutating func deadlineElapsed(stage elapsed: Stage) -> [ServerAction] {
        guard elapsed == stage else { return [] }
        let late = pending.sorted().map { ServerAction.dropPeer($0, reason: .missedDeadline(peer: $0, stage: elapsed)) }
        return late + advance()
    }

    /// `peer`'s connection closed: it counts as dropped from the current stage on.
    public mutating func peerDisconnected(_ peer: ParticipantID) -> [ServerAction] {
        removePending(peer)
        return advanceIfComplete()
    }

    /// Validates and records `message`; returns the fault that drops `peer`, if any.
    private mutating func check(_ message: ClientMessage, from peer: ParticipantID) -> SecureAggError? {
        guard configuration.identities[peer] != nil else { return .unknownParticipant(peer) }
        guard message.round == configuration.round else {
            return .wrongRound(expected: configuration.round, actual: message.round)
        }
        guard message.sender == peer else { return .senderMismatch(claimed: message.sender, actual: peer) }
        guard message.stage == stage else { return .unexpectedMessage(stage: message.stage) }
        guard pending.contains(peer) else {
            return answered(peer) ? .duplicate(peer: peer, field: "\(message.stage) message")
                                  : .unexpectedMessage(stage: message.stage)
        }
        do throws(SecureAggError) {
            try record(message.body, from: peer)
        } catch {
            return error
        }
        removePending(peer)
        return nil
    }

    private mutating func advanceIfComplete() -> [ServerAction] {
        guard stage != nil, pending.isEmpty else { return [] }
        return advance()
    }
}
