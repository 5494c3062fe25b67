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
        let coordinator = try await Coordinator.start(setup, logger: logger)
        let trustedCA = try Certificate.load(from: directory.caCertificateURL)
        let coordinatorKey = try directory.signingIdentity().publicKey
        let participants = identities.enumerated().map { index, identity in
            let observer = options.participantObserver
            return ParticipantConfiguration(
                host: "127.0.0.1", port: coordinator.port, identity: identity, trustedCA: trustedCA,
                coordinatorKey: coordinatorKey, data: data.shards[index],
                policy: options.policies?[index] ?? options.participantPolicy,
                readTimeout: .seconds(config.readTimeoutSeconds),
                observer: observer.map { watch in { @Sendable event in watch(index, event) } })
        }
        let clock = ContinuousClock()
        let started = clock.now
        return try await withThrowingTaskGroup(of: (Int, Result<Participant.Summary, ClientError>).self) { group in
            for (index, configuration) in participants.enumerated() {
                group.addTask {
                    do {
                        let participant = Participant(configuration: configuration,
                                                      logger: logger.with(metadata: ["participant": "\(index)"]))
                        let rule = options.dropoutRules?[index]
                            ?? (options.dropout > 0 ? .random(probability: options.dropout, seed: options.seed &+ UInt64(index)) : .never)
                        return (index, .success(try await participant.run(departures: DropoutSchedule(rule: rule))))
                    } catch let error as ClientError {
                        return (index, .failure(error))
                    }
                }
            }
            let outcome: (rounds: [RoundSummary], stopReason: String?)
            do {
                outcome = try await coordinator.run(progress: progress)
            } catch {
                await coordinator.shutdown()
                group.cancelAll()
                throw error
            }
            var results = [Result<Participant.Summary, ClientError>](repeating: .failure(.disconnected(reason: "not run")),
                                                                       count: participants.count)
            for try await (index, result) in group { results[index] = result }
            return SimulationResult(rounds: outcome.rounds, stopReason: outcome.stopReason,
                                    appliedRounds: coordinator.appliedRounds, startedRounds: coordinator.startedRounds,
                                    modelURL: setup.modelURL,
                                    checkpointURL: setup.checkpointURL, reportURL: setup.reportURL,
                                    coordinatorKey: coordinatorKey.hex, participants: results,
                                    seconds: (clock.now - started).seconds)
        }
    }
}

extension Logger {
    /// A copy with `metadata` added.
    func with(metadata: Logger.Metadata) -> Logger {
        var copy = self
        for (key, value) in metadata { copy[metadataKey: key] = value }
        return copy
    }
}
