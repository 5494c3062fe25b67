import SecureAgg

/// Drives a round stage by stage so a test can tamper with the messages in between:
/// `toClients` holds what the server last sent each participant.
struct ManualRound {
    let fixture: RoundFixture
    var server: SecureAggServer
    var clients: [ParticipantID: SecureAggClient] = [:]
    var toClients: [ParticipantID: ServerMessage] = [:]
    /// Every action the server returned, in order.
    var actions: [ServerAction] = []

    init(_ fixture: RoundFixture) throws {
        self.fixture = fixture
        server = SecureAggServer(configuration: fixture.configuration)
        for id in fixture.ids { clients[id] = try fixture.client(id) }
    }

    /// Stage 0: every client advertises its keys.
    mutating func advertise() throws {
        for id in fixture.ids {
            guard var client = clients[id] else { continue }
            let message = try client.start()
            clients[id] = client
            deliver(message, from: id)
        }
    }

    /// Every client answers the message the server last sent it (through the wire encoding).
    mutating func answer() throws {
        let pending = toClients
        toClients = [:]
        for (id, message) in pending.sorted(by: { $0.key < $1.key }) {
            guard var client = clients[id] else { continue }
            let reply = try client.receive(ServerMessage.decode(message.encode()[...]))
            clients[id] = client
            deliver(reply, from: id)
        }
    }

    mutating func deliver(_ message: ClientMessage, from id: ParticipantID) {
        record(server.receive(message, from: id))
    }

    /// The deadline of `stage` passes; returns the server's actions.
    @discardableResult
    mutating func deadline(_ stage: Stage) -> [ServerAction] {
        let result = server.deadlineElapsed(stage: stage)
        record(result)
        return result
    }

    private mutating func record(_ result: [ServerAction]) {
        actions += result
        for (to, sent) in result.sent { toClients[to] = sent }
    }
}
