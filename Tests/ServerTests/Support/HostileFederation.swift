import ChorusSupport
import Client
import Federation
import Foundation
import Logging
import SecureAgg
import Server
import Simulation
import TestSupport
import Transport

/// A coordinator with honest participants (real `Participant`s) and one more
/// enrolled peer, the last, whose behaviour the test writes.
struct HostileFederation {
    /// What the hostile peer's connection gives it to work with.
    struct Peer: Sendable {
        let connection: TransportConnection
        let signingKey: Ed25519SigningKey
        let coordinatorKey: Ed25519PublicKey
        /// The coordinator's port on 127.0.0.1.
        let port: Int
    }

    var fixture: FederationFixture
    let honest: Int

    init(honest: Int, rounds: Int) throws {
        fixture = try FederationFixture(participants: honest + 1, rounds: rounds)
        self.honest = honest
    }

    /// Runs the rounds with `hostile` driving the last peer's connection.
    /// - Returns: the coordinator's round summaries and what `hostile` returned.
    func run<Outcome: Sendable>(hostile: @escaping @Sendable (Peer) async -> Outcome) async throws -> ([RoundSummary], Outcome) {
        let (directory, identities) = try LocalFederation.preparePKI(at: fixture.directory.url, participants: honest + 1)
        let logger = { var logger = Logger(label: "test.hostile"); logger.logLevel = .error; return logger }()
        let data = FederatedData.random(participants: honest, segments: 4, architecture: FederationFixture.architecture, seed: 2)
        let setup = CoordinatorSetup(directory: directory, config: fixture.options.config,
                                     outputDirectory: fixture.directory.url, testSet: nil, labelNames: data.labelNames,
                                     host: "127.0.0.1", port: 0, softwareVersion: "test",
                                     observer: fixture.options.coordinatorObserver)
        let coordinator = try await Coordinator.start(setup, logger: logger)
        let ca = try Certificate.load(from: directory.caCertificateURL)
        let signing = try directory.signingIdentity().publicKey
        let port = coordinator.port
        let hostileIdentity = identities[honest]

        return try await withThrowingTaskGroup(of: Outcome?.self) { group in
            for index in 0..<honest {
                let configuration = ParticipantConfiguration(
                    host: "127.0.0.1", port: port, identity: identities[index], trustedCA: ca,
                    coordinatorKey: signing, data: data.shards[index], policy: fixture.options.participantPolicy)
                group.addTask {
                    _ = try await Participant(configuration: configuration, logger: logger).run()
                    return nil
                }
            }
            group.addTask {
                let connection = try await TransportClient.connect(
                    host: "127.0.0.1", port: port, tls: ClientTLSConfiguration(identity: hostileIdentity, trustedCA: ca),
                    options: TransportOptions(limits: FederationWire.frameLimits(dimension: 1 << 16, participants: 16)),
                    logger: logger)
                return await hostile(Peer(connection: connection, signingKey: hostileIdentity, coordinatorKey: signing, port: port))
            }
            let rounds = try await coordinator.run().rounds
            var outcome: Outcome?
            for try await result in group { if let result { outcome = result } }
            guard let outcome else { throw ClientError.disconnected(reason: "the hostile peer returned nothing") }
            return (rounds, outcome)
        }
    }
}

/// A peer that runs the real secure-aggregation client on a zero update, but
/// sends what `tamper` makes of each message (nil: nothing). It reports whether
/// the coordinator closed its connection before announcing the run's end.
struct TamperingPeer {
    /// Given the round and the honest message, and every honest message so far, what to send.
    let tamper: @Sendable (_ round: UInt64, _ honest: ClientMessage, _ earlier: [ClientMessage]) -> ClientMessage?
    /// Called when a plan arrives (the round is under way).
    var onPlan: @Sendable () -> Void = {}

    func run(_ peer: HostileFederation.Peer) async -> (droppedByCoordinator: Bool, tampered: Bool) {
        var client: SecureAggClient?
        var earlier: [ClientMessage] = []
        var tampered = false
        do {
            for try await frame in peer.connection.frames {
                var honest: ClientMessage?
                switch FrameKind(rawValue: frame.type) {
                case .plan:
                    onPlan()
                    guard let message = try? PlanMessage.decode(frame.payload, coordinatorKey: peer.coordinatorKey),
                          let secure = message.plan.secureAggregation,
                          var fresh = try? SecureAggClient(configuration: secure, participant: message.plan.participant,
                                                           identity: peer.signingKey,
                                                           input: [UInt32](repeating: 0, count: secure.dimension)) else { continue }
                    honest = try? fresh.start()
                    client = fresh
                case .secureAggServer:
                    honest = (try? ServerMessage.decode(frame.payload[...])).flatMap { try? client?.receive($0) }
                case .notice:
                    if (try? Notice.decode(frame.payload))?.outcome == .runFinished { return (false, tampered) }
                default:
                    continue
                }
                guard let honest else { continue }
                let outgoing = tamper(frame.round, honest, earlier)
                earlier.append(honest)
                guard let outgoing else { continue }
                tampered = tampered || outgoing.encode() != honest.encode()
                try await peer.connection.send(Frame(type: FrameKind.secureAggClient.rawValue, round: frame.round,
                                                     payload: outgoing.encode()))
            }
        } catch {
            // The coordinator closing on us ends the stream with an error or without.
        }
        return (true, tampered)
    }
}
