import ArgumentParser
import Foundation
import ML
import Simulation

/// `chorus simulate --participants N --rounds R --out DIR ...`: a coordinator and
/// N participants on this machine over loopback TLS 1.3, same code paths as
/// separate hosts.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a whole federation on this machine over loopback TLS 1.3.",
        discussion: """
        Makes a coordinator and N enrolled identities in DIR, extracts features from --data (a \
        labelled audio folder or a feature file; default: a small synthetic corpus written into DIR), \
        holds out 20% of each genre's clips for testing, deals the rest to the participants by \
        --partition, then runs the rounds. Prints one row per round and writes DIR/model.chorus, \
        DIR/checkpoint.bin and DIR/privacy-report.jsonl (verify it with `chorus audit verify`). \
        Running again with the same DIR resumes the run.

        Examples:
          chorus simulate --participants 10 --rounds 5 --architecture small --out sim
          chorus simulate --participants 100 --rounds 14 --architecture linear --participant-dropout 0.1 --out demo-run
        """
    )

    @Option(parsing: .unconditional, help: "Number of participants N.")
    var participants: Int

    @Option(help: "Output directory (created if missing).")
    var out: String

    @Option(help: "Audio folder (GTZAN layout) or feature file; default: a synthetic corpus.")
    var data: String?

    @Option(parsing: .unconditional, help: "Clips per genre of the synthetic corpus when --data is not given.")
    var clipsPerGenre = 8

    @Option(help: "How training clips are dealt: iid, or dirichlet:ALPHA (non-IID by label).")
    var partition = "iid"

    @Option(name: [.customLong("participant-dropout"), .customLong("dropout")], parsing: .unconditional,
            help: ArgumentHelp("Probability that a participant drops out of a round, at a random stage (--dropout is the same option here; in `train`, --dropout is the network's dropout layer).",
                               valueName: "p"))
    var participantDropout = 0.0

    @Option(help: "Model: default (the 4-block CNN of 622,154 parameters), small (quick), tiny (32x32 inputs), or linear (a linear classifier on band statistics, 2,650 parameters: the one DP with about 100 participants can train).")
    var architecture: ArchitectureChoice = .default

    @Option(help: ArgumentHelp("Encoder file (from `chorus encoder import`): federate a linear head (--architecture linear) on its embeddings.",
                               discussion: "--data must then be an embedding cache made by `chorus features --data DIR --out FILE --encoder FILE`; the round plans carry the encoder's digest."))
    var encoder: String?

    @Option(help: HeadInput.help)
    var headInput: HeadInput = .whole

    @Option(parsing: .unconditional, help: "Seed of the model, the data split and partition, and the dropouts.")
    var seed: UInt64 = 1

    @OptionGroup var federation: FederationOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (2...10_000).contains(participants) else { throw ValidationError("--participants must be 2...10000.") }
        guard federation.rounds.map({ $0 >= 1 }) ?? false else { throw ValidationError("--rounds is required, at least 1.") }
        guard (0..<1).contains(participantDropout) else { throw ValidationError("--participant-dropout is \(participantDropout); pass a probability in [0, 1).") }
        _ = try parsedPartition()
        _ = try options()
    }

    func parsedPartition() throws -> ParticipantPartition {
        if partition == "iid" { return .iid }
        let parts = partition.split(separator: ":")
        guard parts.count == 2, parts[0] == "dirichlet", let alpha = Double(parts[1]), alpha > 0 else {
            throw ValidationError("--partition is '\(partition)'; pass iid or dirichlet:ALPHA with ALPHA > 0, e.g. dirichlet:0.5.")
        }
        return .dirichlet(alpha: alpha)
    }

    func options() throws -> SimulationOptions {
        var options = SimulationOptions(participants: participants, rounds: federation.rounds ?? 1,
                                        architecture: try encoderHead() ?? architecture.architecture,
                                        outputDirectory: URL(fileURLWithPath: out, isDirectory: true))
        options.config.model.seed = seed
        federation.apply(to: &options.config)
        try federation.calibrate(&options.config, rosterSize: participants)
        options.config = try federation.validated(options.config)
        options.dropout = participantDropout
        options.seed = seed
        // `--secagg off` and `--dp off` are this command's explicit opt-ins for its participants.
        options.participantPolicy.allowsPlainUpdates = !options.config.secureAggregation.enabled
        options.participantPolicy.allowsNoPrivacy = !options.config.privacy.enabled
        // The simulated participants hold the embeddings of the run's encoder, if any.
        options.participantPolicy.encoderDigest = options.config.model.architecture.frontEnd.encoderDigestBytes
        return options
    }

    /// With --encoder, the linear head on its embeddings (GTZAN's 10 genres).
    private func encoderHead() throws -> Architecture? {
        guard let encoder else { return nil }
        guard architecture == .linear else {
            throw ValidationError("--encoder federates a linear head; pass --architecture linear.")
        }
        guard data != nil else {
            throw ValidationError("--encoder needs --data: an embedding cache from `chorus features --data DIR --out FILE --encoder \(encoder)`.")
        }
        let file = try EncoderFile.load(from: URL(fileURLWithPath: encoder))
        return try EncoderOptions.head(on: AudioEncoder(file), classes: SyntheticCorpus.genres.count, input: headInput)
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.simulate")
        let options = try options()
        let data = try FederatedData.prepare(
            directory: self.data.map { URL(fileURLWithPath: $0) }, participants: participants,
            partition: try parsedPartition(), seed: seed, workDirectory: options.outputDirectory,
            clipsPerGenre: clipsPerGenre, logger: logger)
        if !output.json { print(RoundTable.header) }
        let result = try await LocalFederation.run(options, data: data, softwareVersion: ChorusVersion.current,
                                                   logger: logger) { summary in
            if !output.json { print(RoundTable.row(summary)) }
        }
        let failed = result.participants.compactMap { result -> String? in
            if case .failure(let error) = result { return "\(error)" }
            return nil
        }
        for failure in failed { logger.warning("participant ended with an error", metadata: ["reason": "\(failure)"]) }
        let shortfall = RunShortfall(asked: options.config.rounds, applied: result.appliedRounds, started: result.startedRounds,
                                     rounds: result.rounds, stopReason: result.stopReason)
        if output.json {
            var object: [String: Any] = [
                "rounds": result.rounds.map(RoundTable.json), "model": result.modelURL.path,
                "checkpoint": result.checkpointURL.path, "privacy_report": result.reportURL.path,
                "coordinator_key": result.coordinatorKey, "seconds": result.seconds,
                "participants_failed": failed.count, "applied_rounds": result.appliedRounds,
            ]
            if let reason = result.stopReason { object["stopped"] = reason }
            if let shortfall { object["failure"] = shortfall.description }
            try output.printJSON(object)
        } else {
            if let reason = result.stopReason { print("stopped: \(reason)") }
            print("rounds took \(String(format: "%.1f", result.seconds)) s")
            print("model          \(result.modelURL.path)")
            print("checkpoint     \(result.checkpointURL.path)")
            print("privacy report \(result.reportURL.path) (coordinator key \(result.coordinatorKey))")
        }
        if let shortfall { throw shortfall }
    }
}
