import ChorusSupport
import Federation
import SecureAgg
import Server
import Transport

/// Plays one `RoundCoordinator` against in-memory participants, with no
/// socket, clock or task: each action the machine returns is carried out at
/// once (messages answered by real `SecureAggClient`s, plain updates encoded),
/// and when nobody has anything left to say the armed deadline fires.
struct RoundBench {
    /// What one member does in the round.
    enum Behaviour: Equatable {
        case answers
        /// Says nothing from `stage` on (a cut link: no disconnection is seen).
        case silentAt(Stage)
        /// Closes its connection instead of answering `stage`.
        case leavesAt(Stage)
        /// Sends a decline instead of its first message.
        case declines
        /// Sends a frame type no participant may send, instead of its first message.
        case misbehaves
    }

    static let round: UInt64 = 4
    static let length = 8

    var machine: RoundCoordinator
    /// Every action the machine returned, in order.
    private(set) var actions: [RoundCoordinator.Action] = []
    let inputs: [ParticipantID: [UInt32]]
    private let keys: [Ed25519SigningKey]
    private var clients: [ParticipantID: SecureAggClient] = [:]
    private var queue: [(ParticipantID, ServerMessage?)] = []
    private var armedStep: Int?
    private var firedSteps: Set<Int> = []

    /// - Parameters:
    ///   - enrolled: roster size (ids 0..<enrolled).
    ///   - selected: the sampled ids; `connected`: those connected.
    init(enrolled: Int, selected: [Int], connected: [Int], secure: Bool, minimumSurvivors: Int) throws {
        keys = try (0..<enrolled).map { _ in try Ed25519SigningKey.generate() }
        var inputs: [ParticipantID: [UInt32]] = [:]
        for id in 0..<enrolled {
            inputs[ParticipantID(UInt32(id))] = (0..<Self.length).map { UInt32(truncatingIfNeeded: 1000 * id + $0 + 1) }
        }
        self.inputs = inputs
        let settings = RoundCoordinator.Settings(
            run: RunID.random(), length: Self.length,
            secureAggregation: secure ? CoordinatorConfig.defaults(hosts: []).secureAggregation : nil,
            identities: keys.map(\.publicKey), graphSeed: [UInt8](repeating: 7, count: 32), minimumSurvivors: minimumSurvivors,
            trainingDeadline: 60, stageDeadline: 20)
        machine = RoundCoordinator(round: Self.round, selected: selected.map { ParticipantID(UInt32($0)) },
                                   connected: Set(connected.map { ParticipantID(UInt32($0)) }), settings: settings)
    }

    /// Runs the round to its end with each member's `behaviour` (default: answers).
    mutating func play(_ behaviour: [Int: Behaviour] = [:]) throws {
        let behaviour = Dictionary(uniqueKeysWithValues: behaviour.map { (ParticipantID(UInt32($0.key)), $0.value) })
        var silent: Set<ParticipantID> = []
        try carryOut(machine.start())
        while !machine.isFinished {
            guard !queue.isEmpty else {
                guard let step = armedStep, firedSteps.insert(step).inserted else { return }
                try carryOut(machine.deadlineElapsed(step: step))
                continue
            }
            let (id, message) = queue.removeFirst()
            let stage = message?.stage ?? (clients[id] == nil ? .maskedInput : .advertiseKeys)
            switch behaviour[id] ?? .answers {
            case .silentAt(let from) where from.rawValue <= stage.rawValue:
                silent.insert(id)
            case .leavesAt(let at) where at == stage:
                try carryOut(machine.peerDisconnected(id, reason: "closed by the participant"))
            case .declines where message == nil:
                try carryOut(machine.receive(Frame(type: FrameKind.decline.rawValue, round: Self.round,
                                                   payload: Decline(reason: "policy").encode()), from: id))
            case .misbehaves where message == nil:
                try carryOut(machine.receive(Frame(type: FrameKind.plan.rawValue, round: Self.round, payload: []), from: id))
            default:
                guard !silent.contains(id) else { continue }
                try carryOut(machine.receive(try reply(of: id, to: message), from: id))
            }
        }
    }

    /// The frame member `id` answers `message` with (nil: its first message).
    private mutating func reply(of id: ParticipantID, to message: ServerMessage?) throws -> Frame {
        guard var client = clients[id] else {
            let update = PlainUpdate(vector: inputs[id] ?? []).encode()
            return Frame(type: FrameKind.plainUpdate.rawValue, round: Self.round, payload: update)
        }
        let answer = try message.map { try client.receive($0) } ?? client.start()
        clients[id] = client
        return Frame(type: FrameKind.secureAggClient.rawValue, round: Self.round, payload: answer.encode())
    }

    /// Does what the driver would, in memory.
    mutating func carryOut(_ returned: [RoundCoordinator.Action]) throws {
        actions += returned
        for action in returned {
            switch action {
            case let .sendPlans(ids, secure):
                for id in ids {
                    if let secure {
                        clients[id] = try SecureAggClient(configuration: secure, participant: id, identity: keys[Int(id.rawValue)],
                                                          input: inputs[id] ?? [])
                    }
                    queue.append((id, nil))
                }
            case let .send(message, to):
                queue.append((to, message))
            case .armDeadline(let step, _):
                armedStep = step
            case .dropPeer(let id, _, _):
                queue.removeAll { $0.0 == id }
            case .spendRound, .commit, .stepEnded, .complete, .abort, .note:
                break
            }
        }
    }

    /// The wrapping sum of the inputs of `ids`.
    func sum(of ids: [Int]) -> [UInt32] {
        var total = [UInt32](repeating: 0, count: Self.length)
        for id in ids {
            for (index, value) in (inputs[ParticipantID(UInt32(id))] ?? []).enumerated() { total[index] &+= value }
        }
        return total
    }
}

extension [RoundCoordinator.Action] {
    /// The completed round's sum and survivors, if it completed.
    var completion: (sum: [UInt32], survivors: [UInt32])? {
        for case let .complete(sum, survivors) in self { return (sum, survivors.map(\.rawValue)) }
        return nil
    }

    var abortReason: String? {
        for case .abort(let reason) in self { return reason }
        return nil
    }

    /// Positions of the commit and of the first message that asks for unmasking shares.
    var commitIndex: Int? { firstIndex { if case .commit = $0 { true } else { false } } }
    var firstUnmaskRequest: Int? {
        firstIndex { if case let .send(message, _) = $0 { message.stage == .unmask } else { false } }
    }

    var dropped: [UInt32] {
        compactMap { if case let .dropPeer(id, _, _) = $0 { id.rawValue } else { nil } }
    }
}
