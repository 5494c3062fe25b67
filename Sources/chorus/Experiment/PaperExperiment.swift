import DifferentialPrivacy
import Foundation
import Logging
import ML
import Simulation

/// The rows of the paper's results table, reproduced on one clip-level split:
/// centralized training, federated FedAvg with secure aggregation (IID, and
/// Dirichlet non-IID), the "25% scaling" variant (inputs downscaled to a
/// quarter of the pixels, 64×65: the paper does not define it, this is our
/// reading), and federated with secure aggregation and DP at epsilon <= 8 over
/// at least 100 participants.
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
    }

    let settings: Settings
    let outputDirectory: URL
    let logger: Logger

    /// Runs the rows of `settings.rows` on `features` and returns them in table order.
    func run(_ features: FeatureSet, progress: (Row) -> Void) async throws -> [Row] {
        let split = features.split(seed: settings.seed, validationFraction: 0.1, testFraction: 0.2)
        logger.info("split by clip", metadata: [
            "train_clips": "\(Set(split.train.clipIndices).count)", "validation_clips": "\(Set(split.validation.clipIndices).count)",
            "test_clips": "\(Set(split.test.clipIndices).count)"])
        var rows: [Row] = []
        for kind in Settings.RowKind.allCases where settings.rows.contains(kind) {
            let row: Row
            switch kind {
            case .centralized:
                row = try centralized(.centralized, architecture: settings.architecture, train: split.train,
                                      validation: split.validation, test: split.test)
            case .centralizedPrivateModel:
                let model = settings.privateArchitecture
                row = try centralized(.centralizedPrivateModel, architecture: model, train: split.train.resized(for: model),
                                      validation: split.validation.resized(for: model), test: split.test.resized(for: model))
            case .iid:
                row = try await federated(.iid, train: split.train, test: split.test, architecture: settings.architecture,
                                          partition: .iid, privacy: nil)
            case .scaled:
                var scaled = settings.architecture
                (scaled.inputHeight, scaled.inputWidth) = (split.train.melBands / 2, split.train.frames / 2)
                row = try await federated(.scaled, train: split.train.downscaled(by: 2), test: split.test.downscaled(by: 2),
                                          architecture: scaled, partition: .iid, privacy: nil)
            case .dp:
                let model = settings.privateArchitecture
                row = try await federated(.dp, train: split.train.resized(for: model), test: split.test.resized(for: model),
                                          architecture: model, partition: .iid, privacy: try privateRun())
            case .noniid:
                row = try await federated(.noniid, train: split.train, test: split.test, architecture: settings.architecture,
                                          partition: .dirichlet(alpha: settings.dirichletAlpha), privacy: nil)
            }
            rows.append(row)
            progress(row)
        }
        return rows
    }

    /// The row's name in the table.
    func name(_ kind: Settings.RowKind) -> String {
        switch kind {
        case .centralized: "centralized"
        case .centralizedPrivateModel: "centralized, DP row's model"
        case .iid: "federated + SecAgg, IID (no scaling)"
        case .scaled: "federated + SecAgg, 25% scaling (64x65)"
        case .dp: "federated + SecAgg + DP"
        case .noniid: "federated + SecAgg, non-IID Dirichlet(\(settings.dirichletAlpha))"
        }
    }

    private func centralized(_ kind: Settings.RowKind, architecture: Architecture, train: FeatureSet, validation: FeatureSet,
                             test: FeatureSet) throws -> Row {
        let started = Date()
        var network = try Network(architecture: architecture, seed: settings.seed)
        let options = TrainingOptions(
            epochs: settings.centralizedEpochs, batchSize: 32, optimizer: .adam(learningRate: 1e-3), seed: settings.seed,
            earlyStoppingPatience: 6,
            augmentation: settings.centralizedAugmentation ? .standard(height: train.melBands, width: train.frames) : .off)
        _ = try Trainer.train(&network, on: train, validation: validation, options: options)
        return Row(kind: kind, name: name(kind), train: try Evaluator.evaluate(network, on: train),
                   test: try Evaluator.evaluate(network, on: test), epsilon: nil, rounds: nil, participants: 1,
                   seconds: Date().timeIntervalSince(started))
    }

    /// The DP row's participants, rounds and calibrated noise.
    struct PrivateRun {
        var participants: Int
        var rounds: Int
        var noiseMultiplier: Double
    }

    func privateRun() throws -> PrivateRun {
        // Calibrate a little below the target: the accounted (effective) z of
        // discrete noise is slightly below the planned z.
        let calibrated = try NoiseCalibration.noiseMultiplier(
            targetEpsilon: settings.targetEpsilon * 0.97, samplingRate: 1, rounds: settings.privateRounds,
            delta: settings.delta, accountant: .rdp)
        return PrivateRun(participants: settings.privateParticipants, rounds: settings.privateRounds,
                          noiseMultiplier: calibrated.noiseMultiplier)
    }

    private func federated(_ kind: Settings.RowKind, train: FeatureSet, test: FeatureSet, architecture: Architecture,
                           partition: ParticipantPartition, privacy: PrivateRun?) async throws -> Row {
        let participants = privacy?.participants ?? settings.participants
        let rounds = privacy?.rounds ?? settings.federatedRounds
        let directory = outputDirectory.appendingPathComponent(kind.rawValue, isDirectory: true)
        var options = SimulationOptions(participants: participants, rounds: rounds, architecture: architecture,
                                        outputDirectory: directory)
        options.seed = settings.seed
        options.config.model.seed = settings.seed
        options.config.sampling.rate = 1
        options.config.secureAggregation.graph = settings.secureAggregationGraph.name
        options.config.training.batchSize = settings.localBatch
        options.config.training.momentum = settings.localMomentum
        options.config.training.cosineFloor = settings.cosineFloor
        options.config.privacy.enabled = privacy != nil
        options.participantPolicy.allowsNoPrivacy = privacy == nil  // the non-private rows opt in explicitly
        options.config.privacy.delta = settings.delta
        options.config.privacy.epsilonBudget = settings.targetEpsilon
        options.config.privacy.accountant = .rdp
        if let privacy {
            options.config.training.epochs = settings.privateLocalEpochs
            options.config.training.learningRate = settings.privateLearningRate
            options.config.server.learningRate = settings.privateServerLearningRate
            options.config.privacy.noiseMultiplier = privacy.noiseMultiplier
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
        return Row(kind: kind, name: name(kind), train: try Evaluator.evaluate(network, on: train),
                   test: try Evaluator.evaluate(network, on: test),
                   epsilon: privacy == nil ? nil : result.rounds.last?.epsilon, rounds: result.rounds.count,
                   participants: participants, seconds: Date().timeIntervalSince(started))
    }
}

extension FeatureSet {
    /// The same segments with each segment its own clip, for dealing training
    /// data to more participants than there are clips.
    func segmentsAsClips() -> FeatureSet {
        FeatureSet(labelNames: labelNames, melBands: melBands, frames: frames, values: values, labels: labels,
                   clipIndices: (0..<count).map { Int32($0) },
                   clips: clipIndices.enumerated().map { "\(clips[Int($0.element)])#\($0.offset)" })
    }
}
