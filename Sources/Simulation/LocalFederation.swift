import ChorusSupport
import Client
import Foundation
import Logging
import ML
import SecureAgg
import Server
import Transport

/// A coordinator and N participants in one process, talking mutual TLS 1.3
/// over loopback with exactly the code paths of separate hosts.
public enum LocalFederation {
    /// The coordinator directory under `root` (made and filled with `participants`
    /// enrolled identities when missing) and the participants' identities.
    public static func preparePKI(at root: URL, participants: Int) throws -> (CoordinatorDirectory, [Ed25519SigningKey]) {
        let coordinatorURL = root.appendingPathComponent("coordinator", isDirectory: true)
        let directory: CoordinatorDirectory
        if FileManager.default.fileExists(atPath: coordinatorURL.appendingPathComponent("signing.key").path) {
            directory = CoordinatorDirectory(url: coordinatorURL)
        } else {
            directory = try CoordinatorDirectory.initialize(at: coordinatorURL, hosts: [])
        }
        var roster = try directory.roster()
        var identities: [Ed25519SigningKey] = []
        for index in 0..<participants {
            let url = root.appendingPathComponent("participants", isDirectory: true)
                .appendingPathComponent(String(format: "p%04d", index), isDirectory: true)
            let identity = FileManager.default.fileExists(atPath: url.path)
                ? try IdentityDirectory(url: url).load() : try IdentityDirectory.create(at: url)
            if !roster.contains(identity.publicKey) { try roster.enroll(identity.publicKey, at: Date()) }
            identities.append(identity)
        }
        try roster.save(to: directory.rosterURL)
        return (directory, identities)
    }

    /// Runs the federation: PKI in `options.outputDirectory`, the coordinator on
    /// 127.0.0.1 (a free port), one task per participant holding `data.shards[i]`.
    /// - Parameter progress: called after each round.
    /// - Throws: `SimulationError.everyParticipantStopped` when every participant stopped
    ///   before the coordinator ended the run; the coordinator's `ServerError`; a
    ///   `CancellationError` when the caller's task is cancelled (everything is stopped first).
    public static func run(_ options: SimulationOptions, data: FederatedData, softwareVersion: String, logger: Logger,
                           progress: @escaping (RoundSummary) -> Void = { _ in }) async throws -> SimulationResult {
        precondition(data.shards.count == options.participants, "one shard per participant")
        _ = FileDescriptorLimit.raise(toAtLeast: 2 * options.participants + 256)
        let (directory, identities) = try preparePKI(at: options.outputDirectory, participants: options.participants)
        let config = options.config
        try config.validate(path: directory.configURL.path)
        try AtomicFile.write([UInt8](config.encoded()), to: directory.configURL, permissions: 0o644, overwrite: true)
        let setup = CoordinatorSetup(directory: directory, config: config, outputDirectory: options.outputDirectory,
                                     testSet: data.test, labelNames: data.labelNames, host: "127.0.0.1", port: 0,
                                     softwareVersion: softwareVersion, observer: options.coordinatorObserver)
        let trustedCA = try Certificate.load(from: directory.caCertificateURL)
        let coordinatorKey = try directory.signingIdentity().publicKey
        let clock = ContinuousClock()
        var started = clock.now
        let (events, sink) = AsyncStream<Event>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            // The coordinator lives in its own task, which the run stops by cancelling it.
            group.addTask {
                let coordinator: Coordinator
                do throws(ServerError) { coordinator = try await Coordinator.start(setup, logger: logger) } catch {
                    sink.yield(.coordinatorEnded(.failure(error), applied: 0, started: 0))
                    return
                }
                sink.yield(.listening(port: coordinator.port))
                let result: Result<(rounds: [RoundSummary], stopReason: String?), ServerError>
                do throws(ServerError) {
                    result = .success(try await coordinator.run { sink.yield(.round($0)) })
                } catch {
                    await coordinator.shutdown()
                    result = .failure(error)
                }
                sink.yield(.coordinatorEnded(result, applied: coordinator.appliedRounds, started: coordinator.startedRounds))
            }
            var results = [Result<Participant.Summary, ClientError>?](repeating: nil, count: identities.count)
            var failures: [String] = []
            var running = 0
            var nobodyLeft = false
            var ending: (result: Result<(rounds: [RoundSummary], stopReason: String?), ServerError>, applied: Int, started: Int)?
            for await event in events {
                switch event {
                case .listening(let port):
                    started = clock.now
                    running = identities.count
                    for index in identities.indices {
                        let configuration = ParticipantConfiguration(
                            host: "127.0.0.1", port: port, identity: identities[index], trustedCA: trustedCA,
                            coordinatorKey: coordinatorKey, data: data.shards[index],
                            policy: options.policies?[index] ?? options.participantPolicy,
                            readTimeout: .seconds(config.readTimeoutSeconds),
                            // A participant dropped by a stall of the machine comes back for as long as
                            // the coordinator waits for participants before a round.
                            reconnectWindow: .seconds(config.sampling.waitSeconds),
                            observer: options.participantObserver.map { watch in { @Sendable event in watch(index, event) } })
                        let rule = options.dropoutRules?[index]
                            ?? (options.dropout > 0 ? .random(probability: options.dropout, seed: options.seed &+ UInt64(index)) : .never)
                        group.addTask {
                            let participant = Participant(configuration: configuration,
                                                          logger: logger.with(metadata: ["participant": "\(index)"]))
                            do throws(ClientError) {
                                let summary = try await participant.run(departures: DropoutSchedule(rule: rule))
                                sink.yield(.participantEnded(index, .success(summary)))
                            } catch {
                                sink.yield(.participantEnded(index, .failure(error)))
                            }
                        }
                    }
                case .round(let summary):
                    progress(summary)
                case let .participantEnded(index, result):
                    results[index] = result
                    running -= 1
                    if case .failure(let error) = result { failures.append("participant \(index): \(error)") }
                    // A participant ends well only when the coordinator ends the run: once every one
                    // has failed, nobody is left for the rounds the coordinator waits for.
                    if ending == nil, failures.count == identities.count {
                        nobodyLeft = true
                        group.cancelAll()
                    }
                case let .coordinatorEnded(result, applied, startedRounds):
                    ending = (result, applied, startedRounds)
                    // The run is over. Connected participants end on the coordinator's last notice;
                    // those still waiting to reconnect are stopped after a grace for reading it.
                    group.addTask {
                        guard (try? await Task.sleep(for: Self.closingGrace)) != nil else { return }
                        sink.yield(.closingGraceOver)
                    }
                case .closingGraceOver:
                    group.cancelAll()
                }
                if ending != nil, running == 0 { break }
            }
            group.cancelAll()
            // The events end without the coordinator's only when the caller's task is cancelled.
            guard let ending else { throw CancellationError() }
            let outcome: (rounds: [RoundSummary], stopReason: String?)
            switch ending.result {
            case .success(let ended): outcome = ended
            case .failure(let error) where nobodyLeft:
                throw SimulationError.everyParticipantStopped(outputDirectory: options.outputDirectory.path,
                                                              appliedRounds: ending.applied, reasons: failures, coordinator: error)
            case .failure(let error): throw error
            }
            return SimulationResult(rounds: outcome.rounds, stopReason: outcome.stopReason,
                                    appliedRounds: ending.applied, startedRounds: ending.started,
                                    modelURL: setup.modelURL,
                                    checkpointURL: setup.checkpointURL, reportURL: setup.reportURL,
                                    coordinatorKey: coordinatorKey.hex, participants: results.compactMap { $0 },
                                    seconds: (clock.now - started).seconds)
        }
    }

    /// What the tasks of a run tell the task that waits for them.
    private enum Event: Sendable {
        case listening(port: Int)
        case round(RoundSummary)
        case participantEnded(Int, Result<Participant.Summary, ClientError>)
        case coordinatorEnded(Result<(rounds: [RoundSummary], stopReason: String?), ServerError>, applied: Int, started: Int)
        case closingGraceOver
    }

    /// How long participants have, once the coordinator has ended the run, to read its
    /// last notice before those still running (waiting to reconnect) are stopped.
    private static let closingGrace = Duration.seconds(5)
}

extension Logger {
    /// A copy with `metadata` added.
    func with(metadata: Logger.Metadata) -> Logger {
        var copy = self
        for (key, value) in metadata { copy[metadataKey: key] = value }
        return copy
    }
}
