import ArgumentParser
import ChorusSupport
import Foundation
import ML

/// `chorus experiment paper --data DIR|FILE [--out DIR] [--json]`.
struct ExperimentPaperCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paper",
        abstract: "Reproduce the paper's results table on one clip-level split of the data.",
        discussion: """
        Rows: centralized training; federated FedAvg with secure aggregation over 10 participants (IID); \
        the paper's "25% scaling" (read as inputs downscaled to 64x65, a quarter of the pixels); \
        federated with secure aggregation and DP at epsilon <= 8 (delta 1e-5) over 100 participants; \
        and federated non-IID (Dirichlet 0.5). All share one split by clip (70% train, 10% validation \
        for centralized early stopping, 20% test). Prints a Markdown table and writes it, with the \
        configuration, to OUT/paper-table.md and OUT/paper-table.json.
        """
    )

    @Option(help: "A labelled audio folder (GTZAN layout) or a feature file from `chorus features`.")
    var data: String

    @Option(help: "Where the runs and the table go.")
    var out: String = "experiment-paper"

    @Option(help: "Seed of the split, models and partitions.")
    var seed: UInt64 = 1

    @Option(help: "Most epochs of centralized training (early stopping on validation).")
    var epochs = 30

    @Option(help: "Rounds of the federated runs without DP.")
    var rounds = 15

    @Option(help: "Rounds of the DP run (its noise is calibrated to the epsilon target over them).")
    var privateRounds = 10

    @Option(help: "Local epochs per round.")
    var localEpochs = 2

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard epochs >= 1, rounds >= 1, privateRounds >= 1, localEpochs >= 1 else {
            throw ValidationError("--epochs, --rounds, --private-rounds and --local-epochs must be at least 1.")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.experiment.paper")
        let features = try FeatureSource.load(data, cache: nil, logger: logger)
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var settings = PaperExperiment.Settings()
        settings.seed = seed
        settings.centralizedEpochs = epochs
        settings.federatedRounds = rounds
        settings.privateRounds = privateRounds
        settings.localEpochs = localEpochs
        let experiment = PaperExperiment(settings: settings, outputDirectory: directory, logger: logger)
        let rows = try await experiment.run(features) { row in
            logger.info("row finished", metadata: ["row": "\(row.name)", "test_segment_accuracy": "\(row.test.segmentAccuracy)"])
        }
        let table = PaperTable.markdown(rows, data: data, settings: settings)
        try AtomicFile.write(Array(table.utf8), to: directory.appendingPathComponent("paper-table.md"))
        let json = PaperTable.json(rows, data: data, settings: settings)
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .prettyPrinted]),
                             to: directory.appendingPathComponent("paper-table.json"))
        if output.json {
            try output.printJSON(json)
        } else {
            print(table)
        }
    }
}
