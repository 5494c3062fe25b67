import ArgumentParser
import Foundation
import ML
import SecureAgg
import Server
import Transport

/// `chorus coordinator run --dir D --listen HOST:PORT --rounds R [--test-data DIR|FILE] ...`.
struct CoordinatorRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run federated rounds with the enrolled participants.",
        discussion: """
        Reads DIR/config.json (options override its fields), listens for enrolled participants over \
        mutual TLS 1.3, and runs the rounds: sampling, signed plans, secure aggregation with a \
        deadline per stage, decoding, the server step, evaluation on --test-data, accounting, an \
        atomic checkpoint and a signed privacy report record per round, in --out (default DIR). \
        Started again, it resumes from the checkpoint. It refuses to start a round whose accounting \
        would pass the epsilon budget.

        Without --test-data the participants evaluate: each holds out a fixed part of its clips \
        (--evaluation-fraction, at most --evaluation-clips of them), evaluates the model each round \
        starts from, and sends its per-class correct and total counts inside its noised, masked \
        update; the round is accounted with them (a larger epsilon, see --evaluation-noise-ratio). \
        The table's "fed_acc" column is that noised federated accuracy of the round's start model.

        Example:
          chorus coordinator run --dir coord --listen 0.0.0.0:7400 --rounds 20 --test-data heldout \\
              --architecture linear --epsilon-budget 8 --wait-seconds 600 --metrics 127.0.0.1:9400
          chorus coordinator run --dir coord --listen 0.0.0.0:7400 --rounds 20 --architecture linear \
              --evaluation-clips 16 --evaluation-noise-ratio 2
        """
    )

    @Option(help: "The coordinator directory made by `chorus coordinator init`.")
    var dir: String

    @Option(help: "Address to listen on, HOST:PORT (port 0: any free port, printed).")
    var listen: String

    @Option(help: "The operator's held-out data: audio folder (GTZAN layout) or feature file. Without it, participants evaluate on held-out parts of their own clips (federated accuracy, noised and accounted).")
    var testData: String?

    @Option(help: "Where model.chorus, checkpoint.bin and privacy-report.jsonl go (default: --dir).")
    var out: String?

    @Option(help: "Model: default (the 4-block CNN of 622,154 parameters), small, tiny, or linear (a linear classifier on band statistics, for DP with few participants); overrides config.json's architecture.")
    var architecture: ArchitectureChoice?

    @Option(help: ArgumentHelp("Encoder file (from `chorus encoder import`): federate a linear head on its embeddings (--architecture linear).",
                               discussion: "--test-data is then an audio folder (embedded here) or an embedding cache; the round plans carry the encoder's digest, and participants holding another encoder's embeddings decline, naming both."))
    var encoder: String?

    @Option(help: HeadInput.help)
    var headInput: HeadInput = .whole

    @Option(help: ArgumentHelp("Serve Prometheus metrics at http://HOST:PORT/metrics (port 0: any free port, logged).",
                               valueName: "host:port"))
    var metrics: String?

    @OptionGroup var federation: FederationOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        _ = try FeatureSource.endpoint(listen, flag: "--listen")
        if let metrics { _ = try FeatureSource.endpoint(metrics, flag: "--metrics") }
        _ = try CoordinatorDirectory.existing(dir)
        if let out { try OutputPath.checkDirectory(out, flag: "--out") }
        if encoder != nil, let architecture, architecture != .linear {
            throw ValidationError("--encoder federates a linear head on its embeddings; pass --architecture linear.")
        }
        if let testData, !FileManager.default.fileExists(atPath: testData) {
            throw ValidationError("--test-data \(testData) does not exist; pass the held-out audio folder or feature file.")
        }
        if testData != nil, evaluation.given {
            throw ValidationError("--evaluation-clips, --evaluation-fraction and --evaluation-noise-ratio set the participants' evaluation, which runs only without --test-data; drop them or --test-data.")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.coordinator")
        let (host, port) = try FeatureSource.endpoint(listen, flag: "--listen")
        let directory = try CoordinatorDirectory.existing(dir)
        var config = try CoordinatorConfig.decode(Data(contentsOf: directory.configURL), path: directory.configURL.path)
        if let architecture { config.model.architecture = architecture.architecture }
        let encoder = try self.encoder.map { AudioEncoder(try EncoderFile.load(from: URL(fileURLWithPath: $0))) }
        let testSet = try testData.map { try FeatureSource.load($0, cache: nil, encoder: encoder, logger: logger) }
        let labelNames = testSet?.labelNames ?? SyntheticCorpus.genres
        if let encoder { config.model.architecture = try EncoderOptions.head(on: encoder, classes: labelNames.count, input: headInput) }
        federation.apply(to: &config)
        if testSet == nil { config.evaluation = evaluation.evaluation(classes: config.model.architecture.classes) }
        try federation.calibrate(&config, rosterSize: try directory.roster().participants.count)
        config = try federation.validated(config)
        let setup = CoordinatorSetup(directory: directory, config: config,
                                     outputDirectory: URL(fileURLWithPath: out ?? dir, isDirectory: true), testSet: testSet,
                                     labelNames: labelNames.count == config.model.architecture.classes
                                         ? labelNames : (0..<config.model.architecture.classes).map { "class \($0)" },
                                     host: host, port: port,
                                     softwareVersion: ChorusVersion.current)
        var endpoint: MetricsEndpoint?
        if let metrics {
            let (metricsHost, metricsPort) = try FeatureSource.endpoint(metrics, flag: "--metrics")
            let started = try await MetricsEndpoint.start(host: metricsHost, port: metricsPort)
            logger.info("serving metrics", metadata: ["url": "http://\(metricsHost):\(started.port)/metrics"])
            endpoint = started
        }
        let coordinator = try await Coordinator.start(setup, logger: logger)
        let thresholdRule = config.secureAggregation.enabled
            ? "\(ThresholdRule.statement), C = floor(\(config.secureAggregation.toleratedCorruptFraction) n); participants decline a lower t"
            : "none: secure aggregation is off (participants decline unless they pass --allow-plain)"
        logger.info("coordinator listening", metadata: ["address": "\(host):\(coordinator.port)", "threshold_rule": "\(thresholdRule)"])
        if !output.json {
            print("listening on \(host):\(coordinator.port)\nsecure-aggregation threshold: \(thresholdRule)")
            if let evaluation = config.evaluation {
                print(RoundTable.federatedLegend(evaluation, noiseMultiplier: config.privacy.enabled ? config.privacy.noiseMultiplier : 0))
            }
            print(RoundTable.header)
        }
        let result = try await coordinator.run { summary in
            if !output.json { print(RoundTable.row(summary)) }
        }
        await endpoint?.close()
        let shortfall = RunShortfall(asked: config.rounds, applied: coordinator.appliedRounds,
                                     started: coordinator.startedRounds, rounds: result.rounds,
                                     stopReason: result.stopReason)
        if output.json {
            var object: [String: Any] = ["rounds": result.rounds.map(RoundTable.json), "model": setup.modelURL.path,
                                         "checkpoint": setup.checkpointURL.path, "privacy_report": setup.reportURL.path,
                                         "applied_rounds": coordinator.appliedRounds]
            if let reason = result.stopReason { object["stopped"] = reason }
            if let shortfall { object["failure"] = shortfall.description }
            try output.printJSON(object)
        }
        if let shortfall { throw shortfall }
    }
}
