import Federation
import Foundation
import Logging
import ML
import Simulation

/// The rows of the paper's results table, reproduced on one clip-level split:
/// centralized training, federated FedAvg with secure aggregation (IID, and
/// Dirichlet non-IID), the "25% scaling" variant (inputs downscaled to a
/// quarter of the pixels, 64×65: the paper does not define it, this is our
/// reading), and federated with secure aggregation and DP at epsilon <= 8 over
/// at least 100 participants. With held-out sets, every row is also trained on
/// the whole data (centralized rows keep 10% of it for early stopping) and
/// scored on each of them: music the split never saw (other track ids, other
/// sample rates).
struct PaperExperiment {
    typealias Settings = PaperExperimentSettings

    /// One row of the table.
    struct Row: Sendable {
        var kind: Settings.RowKind
        var name: String
        var train: Evaluation
        var test: Evaluation
        var epsilon: Double?
        var rounds: Int?
        var participants: Int?
        var seconds: Double
        /// The row trained on the whole data, scored on each held-out set (in `heldout`'s order).
        var heldout: [Evaluation] = []
    }

    /// A labelled set the split never saw, with the name its column gets.
    struct HeldOutSet {
        var name: String
        var features: FeatureSet
    }

    /// What training one row gave: its model and how it was reached.
    private struct Trained {
        var network: Network
        var epsilon: Double?
        var rounds: Int?
        var participants: Int?
        var seconds: Double
    }

    let settings: Settings
    let outputDirectory: URL
    let logger: Logger

    /// Runs the rows of `settings.rows` on `features`, in table order; with
    /// `heldout` sets, each row is trained a second time on the whole of
    /// `features` and scored on them.
    /// - Parameter progress: called with the rows finished so far after each one; an error it throws stops the run.
    func run(_ features: FeatureSet, heldout: [HeldOutSet] = [], progress: ([Row]) throws -> Void) async throws {
        let split = features.split(seed: settings.seed, validationFraction: 0.1, testFraction: 0.2)
        logger.info("split by clip", metadata: [
            "train_clips": "\(Set(split.train.clipIndices).count)", "validation_clips": "\(Set(split.validation.clipIndices).count)",
            "test_clips": "\(Set(split.test.clipIndices).count)"])
        // The whole data: 10% of the clips kept for the centralized rows' early stopping.
        let whole = features.split(seed: settings.seed, validationFraction: 0.1, testFraction: 0)
        var rows: [Row] = []
        for kind in Settings.RowKind.allCases where settings.rows.contains(kind) {
            let trained = try await train(kind, train: split.train, validation: split.validation, test: split.test,
                                          directory: kind.rawValue)
            let model = trained.network
            var row = Row(kind: kind, name: name(kind), train: try Evaluator.evaluate(model, on: split.train.resized(for: model.architecture)),
                          test: try Evaluator.evaluate(model, on: split.test.resized(for: model.architecture)),
                          epsilon: trained.epsilon, rounds: trained.rounds, participants: trained.participants,
                          seconds: trained.seconds)
            if !heldout.isEmpty {
                let isCentralized = kind == .centralized || kind == .centralizedPrivateModel
                let onWhole = try await train(kind, train: isCentralized ? whole.train : features,
                                              validation: whole.validation, test: nil, directory: kind.rawValue + "-whole")
                let network = onWhole.network
                row.heldout = try heldout.map { set in
                    try Evaluator.evaluate(network, on: set.features.resized(for: network.architecture))
                }
            }
            rows.append(row)
            try progress(rows)
        }
    }

    /// Trains the row `kind` on `train` (its validation set for early stopping,
    /// its test set, when given, for the federation's per-round accuracy).
    private func train(_ kind: Settings.RowKind, train: FeatureSet, validation: FeatureSet, test: FeatureSet?,
                       directory: String) async throws -> Trained {
        switch kind {
        case .centralized:
            return try centralized(architecture: settings.architecture, train: train, validation: validation)
        case .centralizedPrivateModel:
            let model = settings.privateArchitecture
            return try centralized(architecture: model, train: train.resized(for: model), validation: validation.resized(for: model))
        case .iid:
            return try await federated(directory, train: train, test: test, architecture: settings.architecture,
                                       partition: .iid, privacy: nil)
        case .scaled:
            var scaled = settings.architecture
            (scaled.inputHeight, scaled.inputWidth) = (train.melBands / 2, train.frames / 2)
            return try await federated(directory, train: train.downscaled(by: 2), test: test?.downscaled(by: 2),
                                       architecture: scaled, partition: .iid, privacy: nil)
        case .dp:
            let model = settings.privateArchitecture
            return try await federated(directory, train: train.resized(for: model), test: test?.resized(for: model),
                                       architecture: model, partition: .iid, privacy: try privateRun())
        case .noniid:
            return try await federated(directory, train: train, test: test, architecture: settings.architecture,
                                       partition: .dirichlet(alpha: settings.dirichletAlpha), privacy: nil)
        }
    }

    /// The row's name in the table.
    func name(_ kind: Settings.RowKind) -> String {
        switch kind {
        case .centralized: "centralized"
        case .centralizedPrivateModel: "centralized, DP row's model"
        case .iid: "federated + SecAgg, IID (no scaling)"
        case .scaled: "federated + SecAgg, 25% scaling (64x65)"
        case .dp: settings.privateContribution == .classStatistics
            ? "federated + SecAgg + DP, one-shot class statistics (cosine nearest class mean)" : "federated + SecAgg + DP"
        case .noniid: "federated + SecAgg, non-IID Dirichlet(\(settings.dirichletAlpha))"
        }
    }

    private func centralized(architecture: Architecture, train: FeatureSet, validation: FeatureSet) throws -> Trained {
        let started = Date()
        var network = try Network(architecture: architecture, seed: settings.seed)
        let options = TrainingOptions(
            epochs: settings.centralizedEpochs, batchSize: 32, optimizer: .adam(learningRate: 1e-3), seed: settings.seed,
            earlyStoppingPatience: 6,
            augmentation: settings.centralizedAugmentation ? .standard(height: train.melBands, width: train.frames) : .off)
        _ = try Trainer.train(&network, on: train, validation: validation, options: options)
        return Trained(network: network, epsilon: nil, rounds: nil, participants: 1, seconds: Date().timeIntervalSince(started))
    }

    /// The DP row's participants, rounds and calibrated noise.
    struct PrivateRun {
        var participants: Int
        var rounds: Int
        var noiseMultiplier: Double
    }

    /// The DP row's noise: z calibrated to the target epsilon over its rounds,
    /// accounted as its coordinator will account them.
    func privateRun() throws -> PrivateRun {
        var config = simulationOptions(directory: outputDirectory, architecture: settings.privateArchitecture,
                                       privacy: true).config
        try config.calibrateNoise(targetEpsilon: settings.targetEpsilon, rosterSize: settings.privateParticipants)
        return PrivateRun(participants: settings.privateParticipants, rounds: settings.privateRounds,
                          noiseMultiplier: config.privacy.noiseMultiplier)
    }

    /// The federation of a row: the DP row's settings with `privacy`, the other federated rows' without.
    private func simulationOptions(directory: URL, architecture: Architecture, privacy: Bool) -> SimulationOptions {
        var options = SimulationOptions(participants: privacy ? settings.privateParticipants : settings.participants,
                                        rounds: privacy ? settings.privateRounds : settings.federatedRounds,
                                        architecture: architecture, outputDirectory: directory)
        options.seed = settings.seed
        options.config.model.seed = settings.seed
        options.config.sampling.rate = 1
        options.config.secureAggregation.graph = settings.secureAggregationGraph.name
        options.config.training.batchSize = settings.localBatch
        options.config.training.momentum = settings.localMomentum
        options.config.training.cosineFloor = settings.cosineFloor
        options.config.privacy.enabled = privacy
        options.participantPolicy.allowsNoPrivacy = !privacy  // the non-private rows opt in explicitly
        options.participantPolicy.encoderDigest = architecture.frontEnd.encoderDigestBytes  // they hold its embeddings
        options.config.privacy.delta = settings.delta
        options.config.privacy.epsilonBudget = settings.targetEpsilon
        options.config.privacy.accountant = .rdp
        if privacy {
            options.config.training.contribution = settings.privateContribution
            options.config.training.epochs = settings.privateLocalEpochs
            options.config.training.learningRate = settings.privateLearningRate
            options.config.server.learningRate = settings.privateServerLearningRate
            options.config.privacy.clipNorm = settings.privateClipNorm
            // Noise shares sized for 90% of the participants surviving (not 60%):
            // less excess noise when all survive, as on one machine.
            options.config.privacy.minimumSurvivorFraction = settings.privateSurvivorFraction
        } else {
            options.config.training.epochs = settings.localEpochs
            options.config.training.learningRate = settings.localLearningRate
            options.config.training.rule = settings.localRule
            options.config.training.augmentation = settings.federatedAugmentation
                ? .standard(height: architecture.inputHeight, width: architecture.inputWidth) : nil
            options.config.server.learningRate = settings.serverLearningRate
            options.config.server.momentum = settings.serverMomentum
            // No DP: quantization only; a clip this large leaves updates untouched.
            options.config.privacy.clipNorm = 100
        }
        return options
    }

    private func federated(_ name: String, train: FeatureSet, test: FeatureSet?, architecture: Architecture,
                           partition: ParticipantPartition, privacy: PrivateRun?) async throws -> Trained {
        var options = simulationOptions(directory: outputDirectory.appendingPathComponent(name, isDirectory: true),
                                        architecture: architecture, privacy: privacy != nil)
        if let privacy { options.config.privacy.noiseMultiplier = privacy.noiseMultiplier }
        let participants = options.participants
        // With more participants than training clips, participants hold segments:
        // the train/test split stays by clip; only the dealing is finer.
        let dealt = participants > Set(train.clipIndices).count ? train.segmentsAsClips() : train
        let assignment = try partition.assign(dealt, participants: participants, seed: settings.seed)
        let data = FederatedData(labelNames: train.labelNames, test: test,
                                 shards: assignment.map { $0.isEmpty ? nil : dealt.subset(clips: $0) })
        let started = Date()
        let result = try await LocalFederation.run(options, data: data, softwareVersion: ChorusVersion.current,
                                                   logger: logger)
        let network = try ModelFile.load(from: result.modelURL).network
        return Trained(network: network, epsilon: privacy == nil ? nil : result.rounds.last?.epsilon,
                       rounds: result.rounds.count, participants: participants, seconds: Date().timeIntervalSince(started))
    }
}

extension FeatureSet {
    /// The same segments with each segment its own clip, for dealing training
    /// data to more participants than there are clips.
    func segmentsAsClips() -> FeatureSet {
        FeatureSet(labelNames: labelNames, melBands: melBands, frames: frames, values: values, labels: labels,
                   clipIndices: (0..<count).map { Int32($0) },
                   clips: clipIndices.enumerated().map { "\(clips[Int($0.element)])#\($0.offset)" }, parameters: parameters)
    }
}
