import ChorusSupport
import Client
import Logging
import Synchronization
import Testing
import TestSupport
import Transport

/// The participant's reconnection loop stops when its task is cancelled.
struct ParticipantTests {
    @Test func cancellingDuringTheReconnectPauseEndsTheJoinWithoutAnotherAttempt() async throws {
        let attempts = AttemptLog()
        // Nothing listens on port 1: every attempt is refused, and each is followed by a pause.
        let configuration = ParticipantConfiguration(
            host: "127.0.0.1", port: 1, identity: try Ed25519SigningKey.generate(),
            trustedCA: try CertificateAuthority.generate().certificate, coordinatorKey: try Ed25519SigningKey.generate().publicKey,
            data: nil, reconnectWindow: .seconds(TestTimeScale.seconds(20)))
        let participant = Participant(configuration: configuration, logger: Logger(label: "test.participant") { _ in attempts })
        let (start, open) = AsyncStream<Void>.makeStream()
        let join = Task { () -> ClientError? in
            for await _ in start {}
            do throws(ClientError) {
                _ = try await participant.run()
                return nil
            } catch {
                return error
            }
        }
        attempts.cancelOnFirstRetry(join)
        open.finish()
        // The first refusal is logged just before the pause, and cancels the task there.
        let ending = try await within(seconds: 10) { await join.value }
        #expect(attempts.count == 1, "a connection was attempted after the cancellation")
        guard case .cancelled?? = ending else {
            Issue.record("expected the join to end cancelled within 10 s, got \(String(describing: ending))")
            return
        }
    }
}

/// Counts the participant's "retrying" warnings (one per failed attempt, logged
/// before its pause) and cancels a task at the first one.
private final class AttemptLog: LogHandler, Sendable {
    private let state = Mutex<(count: Int, task: Task<ClientError?, Never>?)>((0, nil))

    var count: Int { state.withLock { $0.count } }

    func cancelOnFirstRetry(_ task: Task<ClientError?, Never>) {
        state.withLock { $0.task = task }
    }

    func log(event: LogEvent) {
        guard event.level == .warning, "\(event.message)".contains("retrying") else { return }
        state.withLock {
            $0.count += 1
            $0.task?.cancel()
        }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .info }
        set {}
    }
}
