import ArgumentParser
import ChorusSupport
import Federation
import Foundation
import Logging
import ML
import Server

extension CoordinatorConfig.Training.Rule: ExpressibleByArgument {}

/// `chorus experiment paper --data DIR|FILE [--out DIR] [--json]`.
struct ExperimentPaperCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paper",
        abstract: "Reproduce the paper's results table on one clip-level split of the data.",
        discussion: """
        Rows: centralized training; the DP row's model trained centrally (what DP costs it); federated FedAvg with secure aggregation over 10 participants (IID); \
        the paper's "25% scaling" (read as inputs downscaled to 64x65, a quarter of the pixels); \
        federated with secure aggregation and DP at epsilon <= 8 (delta 1e-5) over 100 participants \
        (by default a linear classifier on per-band statistics, 2,650 parameters, so its noised update \
        is small); and federated non-IID \
        (Dirichlet 0.5). All share one split by clip (70% train, 10% validation for centralized early \
        stopping, 20% test). Prints a Markdown table and writes it, with the configuration, to \
        OUT/paper-table.md and OUT/paper-table.json. Each --heldout DIR (repeatable: e.g. other track ids, and \
        the same clips at 16 kHz) adds a column: every row trained again on the whole data (centralized rows \
        keep 10% for early stopping) and scored on DIR, whose audio goes through the same front end as --data's.

        Example:
          chorus experiment paper --data corpus --out experiment-paper --architecture small --rows centralized,iid
        """
    )

    /// Which rows get augmented batches.
    enum AugmentChoice: String, ExpressibleByArgument, CaseIterable {
        case none, centralized, federated, both
    }

    @Option(help: "A labelled audio folder (GTZAN layout) or a feature file from `chorus features`.")
    var data: String

    @Option(help: "A labelled audio folder (or feature file made with the same front end) of music the split never saw, to score every row on after training it on the whole data; repeatable.")
    var heldout: [String] = []

    @Option(help: "Where the runs and the table go.")
    var out: String = "experiment-paper"

    @Option(parsing: .unconditional, help: "Seed of the split, models and partitions.")
    var seed: UInt64 = 1

    @Option(help: "Rows to run, comma-separated: centralized, centralized-dp-model, iid, scaled, dp, noniid.")
    var rows = PaperExperimentSettings.RowKind.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Model of every row but DP: small (quick) or default (the 4-block CNN of 622,154 parameters).")
    var architecture = ArchitectureChoice.default

    @Option(parsing: .unconditional, help: "Most epochs of centralized training (early stopping on validation).")
    var epochs = 30

    @Option(parsing: .unconditional, help: "Rounds of the federated runs without DP.")
    var rounds = 30

    @Option(parsing: .unconditional, help: "Local epochs per round (runs without DP).")
    var localEpochs = 2

    @Option(help: "Local update rule of the runs without DP: adam (fresh moments each round) or sgd (momentum 0.9).")
    var localOptimizer = CoordinatorConfig.Training.Rule.adam

    @Option(parsing: .unconditional, help: "Local learning rate in round 1 (runs without DP; default 0.003 for adam, 0.02 for sgd).")
    var localLearningRate: Float?

    @Option(parsing: .unconditional, help: "Cosine decay of the local learning rate over the rounds down to this fraction of it (1: constant).")
    var cosineFloor: Float = 0.1

    @Option(parsing: .unconditional, help: "Server learning rate applied to the average update (runs without DP).")
    var serverLearningRate: Float = 1

    @Option(parsing: .unconditional, help: "Server momentum of FedAvg (0: plain FedAvg; runs without DP).")
    var serverMomentum: Float = 0

    @Option(help: "Augment training batches (time shifts and SpecAugment masks): none, centralized, federated or both.")
    var augment = AugmentChoice.none

    @Option(parsing: .unconditional, help: "Rounds of the DP run, its noise calibrated to --target-epsilon over them (default 20; 1 with --dp-mode statistics).")
    var privateRounds: Int?

    @Option(parsing: .unconditional, help: "Epsilon (at delta 1e-5) the DP run's noise is calibrated to, accounted as its coordinator accounts it.")
    var targetEpsilon = 8.0

    @Option(help: "What the DP run's participants release: iterative (trained updates each round) or statistics (class statistics once; the model is the nearest-class-mean classifier of their noised sum; needs --private-model linear).")
    var dpMode = Contribution.modelUpdate

    @Option(help: ArgumentHelp("Encoder file (from `chorus encoder import`): every row is a head on its embeddings (--architecture linear; the DP row's --private-model linear is the same head).",
                               discussion: "--data and each --heldout are then audio folders (embedded here) or embedding caches from `chorus features --encoder`; the rows' model files record the encoder's digest."))
    var encoder: String?

    @Option(help: HeadInput.help)
    var headInput: HeadInput = .whole

    @Option(parsing: .unconditional, help: "Participants of the DP run (100 by default, as in the paper's setting of many small participants).")
    var privateParticipants = 100

    @Option(help: "Model of the DP run: linear (a linear classifier on per-band statistics, 2,650 parameters) or tiny (a CNN on 32x32 inputs, 22,634 parameters).")
    var privateModel = ArchitectureChoice.linear

    @Option(parsing: .unconditional, help: "Local epochs per round of the DP run.")
    var privateLocalEpochs = 5

    @Option(parsing: .unconditional, help: "Local SGD learning rate of the DP run in round 1 (momentum 0.9, cosine decay over the rounds).")
    var privateLearningRate: Float = 0.1

    @Option(parsing: .unconditional, help: "L2 clip norm of each update in the DP run.")
    var privateClip = 0.5

    @Option(help: "Secure-aggregation graph of the federated rows: complete (SecAgg, every pair of participants masks) or sparse (SecAgg+, a random graph of O(log n) neighbours: for hundreds of participants on one machine).")
    var graph = GraphChoice.complete

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard targetEpsilon > 0, targetEpsilon.isFinite else {
            throw ValidationError("--target-epsilon is \(targetEpsilon); pass a finite epsilon > 0.")
        }
        if dpMode == .classStatistics, privateModel != .linear {
            throw ValidationError("--dp-mode statistics releases the statistics of a linear head; pass --private-model linear.")
        }
        if encoder != nil {
            guard architecture == .linear, privateModel == .linear else {
                throw ValidationError("--encoder trains heads on the embeddings: pass --architecture linear (and --private-model linear).")
            }
            guard !(try chosenRows()).contains(.scaled) else {
                throw ValidationError("--rows scaled downscales log-mel images; embeddings have none: leave it out with --encoder.")
            }
        }
        guard epochs >= 1, rounds >= 1, privateRounds ?? 1 >= 1, localEpochs >= 1, privateLocalEpochs >= 1 else {
            throw ValidationError("--epochs, --rounds, --private-rounds, --local-epochs and --private-local-epochs must be at least 1.")
        }
        guard privateParticipants >= 2 else { throw ValidationError("--private-participants must be at least 2.") }
        guard localLearningRate ?? 1 > 0, serverLearningRate > 0, (0...1).contains(cosineFloor), (0..<1).contains(serverMomentum),
              privateClip > 0, privateClip.isFinite, privateLearningRate > 0, privateLearningRate.isFinite else {
            throw ValidationError("--local-learning-rate, --server-learning-rate, --private-learning-rate and --private-clip must be positive, --cosine-floor in [0, 1], "
                                  + "--server-momentum in [0, 1).")
        }
        guard !(try chosenRows()).isEmpty else { throw ValidationError("--rows names no row; pass some of them, e.g. --rows centralized.") }
    }

    private func chosenRows() throws -> [PaperExperimentSettings.RowKind] {
        try rows.split(separator: ",").map { name in
            guard let kind = PaperExperimentSettings.RowKind(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                let known = PaperExperimentSettings.RowKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--rows: unknown row '\(name)'; expected some of \(known).")
            }
            return kind
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.experiment.paper")
        let encoder = try self.encoder.map { AudioEncoder(try EncoderFile.load(from: URL(fileURLWithPath: $0))) }
        let features = try FeatureSource.load(data, cache: nil, encoder: encoder, logger: logger)
        let heldoutSets = try heldout.map { path in
            let set = try FeatureSource.load(path, cache: nil, parameters: features.parameters, encoder: encoder, logger: logger)
            try set.requireParameters(features.parameters, role: "the features of --heldout \(path)")
            guard set.labelNames == features.labelNames else {
                throw ValidationError("--heldout \(path) has the genres \(set.labelNames), --data has \(features.labelNames); "
                                      + "pass a folder with the same genre folders.")
            }
            return PaperExperiment.HeldOutSet(name: path, features: set)
        }
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var settings = PaperExperimentSettings()
        settings.rows = try chosenRows()
        settings.seed = seed
        settings.features = features.parameters
        let head = try encoder.map { try EncoderOptions.head(on: $0, classes: features.labelNames.count, input: headInput) }
        settings.architecture = head ?? architecture.architecture
        settings.centralizedEpochs = epochs
        settings.federatedRounds = rounds
        settings.localEpochs = localEpochs
        settings.localRule = localOptimizer
        settings.localLearningRate = localLearningRate ?? (localOptimizer == .adam ? 3e-3 : 0.02)
        settings.cosineFloor = cosineFloor < 1 ? cosineFloor : nil
        settings.serverLearningRate = serverLearningRate
        settings.serverMomentum = serverMomentum
        settings.centralizedAugmentation = augment == .centralized || augment == .both
        settings.federatedAugmentation = augment == .federated || augment == .both
        settings.privateRounds = privateRounds ?? (dpMode == .classStatistics ? 1 : 20)
        settings.privateParticipants = privateParticipants
        settings.privateArchitecture = head ?? privateModel.architecture
        settings.privateContribution = dpMode
        settings.targetEpsilon = targetEpsilon
        settings.privateLocalEpochs = privateLocalEpochs
        settings.privateLearningRate = privateLearningRate
        settings.privateClipNorm = privateClip
        settings.secureAggregationGraph = graph.graph
        let experiment = PaperExperiment(settings: settings, outputDirectory: directory, logger: logger)
        let noiseMultiplier = settings.rows.contains(.dp) ? try experiment.privateRun().noiseMultiplier : nil
        var written: (table: String, json: [String: Any])?
        // The table is written after each finished row: a long experiment stopped early keeps them,
        // and a table that cannot be written stops it at once rather than after hours more of rows.
        try await experiment.run(features, heldout: heldoutSets) { rows in
            guard let row = rows.last else { return }
            var metadata: Logger.Metadata = ["row": "\(row.name)", "test_segment_accuracy": "\(row.test.segmentAccuracy)",
                                             "seconds": "\(row.seconds)"]
            if !row.heldout.isEmpty {
                metadata["heldout_clip_accuracy"] = "\(zip(heldout, row.heldout).map { "\($0)=\($1.clipAccuracy)" }.joined(separator: " "))"
            }
            logger.info("row finished", metadata: metadata)
            let table = PaperTable.markdown(rows, data: data, heldout: heldout, settings: settings, noiseMultiplier: noiseMultiplier)
            let json = PaperTable.json(rows, data: data, heldout: heldout, settings: settings, noiseMultiplier: noiseMultiplier)
            for (name, bytes) in [("paper-table.md", Data(table.utf8)),
                                  ("paper-table.json", try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .prettyPrinted]))] {
                let url = directory.appendingPathComponent(name)
                do { try AtomicFile.write(bytes, to: url) } catch {
                    throw ValidationErrorMessage("cannot write the table after row '\(row.name)' to \(url.path) (\(error)); stopped before "
                        + "the next row. Make \(url.path) writable (not a directory, on a disk with space) or pass another --out, then run again")
                }
            }
            written = (table, json)
        }
        guard let written else { return }
        if output.json {
            try output.printJSON(written.json)
        } else {
            print(written.table)
        }
    }
}
