import Federation
import Foundation
import SecureAgg
import Testing
import TestSupport
import Transport

/// Enrolled peers that misbehave, and strangers that flood the port: each is
/// dropped or refused, and the round completes with the honest participants.
struct HostilePeerTests {
    /// A peer that answers its plan with garbage is dropped (connection closed,
    /// reason logged); the coordinator carries on with the others.
    @Test func malformedFrameDropsOnlyItsSenderAndTheRoundCompletes() async throws {
        let federation = try HostileFederation(honest: 4, rounds: 1)
        let (rounds, sentGarbage) = try await federation.run { peer in
            var sent = false
            do {
                for try await frame in peer.connection.frames where frame.type == FrameKind.plan.rawValue {
                    try await peer.connection.send(Frame(type: FrameKind.secureAggClient.rawValue, round: frame.round,
                                                         payload: [1, 0, 0xde, 0xad, 0xbe, 0xef]))
                    sent = true
                }
            } catch {
                // The coordinator closing on us ends the stream either way.
            }
            return sent
        }
        #expect(sentGarbage, "the hostile peer got a plan and answered it with garbage")
        #expect(rounds.first?.outcome == .completed)
        #expect(federation.fixture.aggregates.current.first?.survivors == [0, 1, 2, 3])
    }

    /// A peer that takes part honestly in round 1, then presents its signed
    /// round-1 key advertisement again in round 2, is dropped from round 2,
    /// which completes without it.
    @Test func messageReplayedFromAnEarlierRoundDropsItsSender() async throws {
        let federation = try HostileFederation(honest: 4, rounds: 2)
        let (rounds, hostile) = try await federation.run { peer in
            await TamperingPeer { round, honest, earlier in
                guard round == 2, case .advertiseKeys = honest.body else { return honest }
                return earlier.first { $0.round == 1 && $0.stage == .advertiseKeys }
            }.run(peer)
        }
        #expect(hostile.tampered && hostile.droppedByCoordinator)
        #expect(rounds.map(\.outcome) == [.completed, .completed])
        let aggregates = federation.fixture.aggregates.current
        #expect(aggregates.map(\.survivors) == [[0, 1, 2, 3, 4], [0, 1, 2, 3]])
    }

    /// A peer whose masked vector is three words short is dropped at the
    /// masked-input stage; its masks are removed as a dropout's and the round completes.
    @Test func maskedVectorOfTheWrongLengthDropsItsSender() async throws {
        let federation = try HostileFederation(honest: 4, rounds: 1)
        let (rounds, hostile) = try await federation.run { peer in
            await TamperingPeer { _, honest, _ in
                guard case let .maskedInput(vector) = honest.body else { return honest }
                return ClientMessage(round: honest.round, sender: honest.sender, body: .maskedInput(Array(vector.dropLast(3))))
            }.run(peer)
        }
        #expect(hostile.tampered && hostile.droppedByCoordinator)
        #expect(rounds.first?.outcome == .completed)
        #expect(federation.fixture.aggregates.current.first?.survivors == [0, 1, 2, 3])
    }

    /// 150 connections that never authenticate arrive while a round is under
    /// way: silent ones, garbage, and a slowloris dribbling a TLS record. Those
    /// beyond the pending-handshake limit are closed on arrival, the rest when
    /// their handshake deadline passes; the round completes with everyone enrolled.
    @Test func connectionFloodIsShedAndTheRoundGoesOn() async throws {
        var federation = try HostileFederation(honest: 4, rounds: 1)
        federation.fixture.options.config.handshakeTimeoutSeconds = 2
        federation.fixture.options.config.maximumPendingHandshakes = 32
        let flood = Recorder<Task<(closedByServer: Int, refusedConnects: Int), Never>?>(nil)
        let (rounds, hostile) = try await federation.run { peer in
            let result = await TamperingPeer(tamper: { _, honest, _ in honest }, onPlan: {
                flood.update { task in
                    if task == nil {
                        task = Task.detached { ConnectionFlood(port: peer.port, count: 150).run(within: TestTimeScale.seconds(15)) }
                    }
                }
            }).run(peer)
            let shed = await flood.current?.value
            return (result, shed)
        }
        #expect(rounds.first?.outcome == .completed)
        #expect(federation.fixture.aggregates.current.first?.survivors == [0, 1, 2, 3, 4])
        #expect(!hostile.0.droppedByCoordinator, "the enrolled peer behind the flood kept its place")
        let shed = try #require(hostile.1)
        #expect(shed.closedByServer + shed.refusedConnects == 150, "every flood connection was closed by the coordinator")
        #expect(shed.closedByServer > 0)
    }
}
