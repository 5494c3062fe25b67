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
    struct Settings: Sendable {
        var seed: UInt64 = 1
        var centralizedEpochs = 30
        var federatedRounds = 15
        var localEpochs = 2
        var participants = 10
        var privateParticipants = 100
        var privateRounds = 10
        var targetEpsilon = 8.0
        var delta = 1e-5
    }

    /// One row of the table.
    struct Row: Sendable {
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

    /// Runs every row on `features` and returns them in table order.
    func run(_ features: FeatureSet, progress: (Row) -> Void) async throws -> [Row] {
        let split = features.split(seed: settings.seed, validationFraction: 0.1, testFraction: 0.2)
        logger.info("split by clip", metadata: [
            "train_clips": "\(Set(split.train.clipIndices).count)", "validation_clips": "\(Set(split.validation.clipIndices).count)",
            "test_clips": "\(Set(split.test.clipIndices).count)"])
        var rows: [Row] = []
        func record(_ row: Row) { rows.append(row); progress(row) }

        record(try centralized(split.train, validation: split.validation, test: split.test))
        record(try await federated("federated + SecAgg, IID (no scaling)", train: split.train, test: split.test,
                                   architecture: .default, partition: .iid, privacy: nil))
        record(try await federated("federated + SecAgg, 25% scaling (64x65)", train: split.train.downscaled(by: 2),
                                   test: split.test.downscaled(by: 2), architecture: .scaled25, partition: .iid, privacy: nil))
        record(try await federated("federated + SecAgg + DP", train: split.train, test: split.test,
                                   architecture: .default, partition: .iid, privacy: try privateRun()))
        record(try await federated("federated + SecAgg, non-IID Dirichlet(0.5)", train: split.train, test: split.test,
                                   architecture: .default, partition: .dirichlet(alpha: 0.5), privacy: nil))
        return rows
    }

    private func centralized(_ train: FeatureSet, validation: FeatureSet, test: FeatureSet) throws -> Row {
        let started = Date()
        var network = try Network(architecture: .default, seed: settings.seed)
        let options = TrainingOptions(epochs: settings.centralizedEpochs, batchSize: 32, optimizer: .adam(learningRate: 1e-3),
                                      seed: settings.seed, earlyStoppingPatience: 6)
        _ = try Trainer.train(&network, on: train, validation: validation, options: options)
        return Row(name: "centralized", train: try Evaluator.evaluate(network, on: train),
                   test: try Evaluator.evaluate(network, on: test), epsilon: nil, rounds: nil, participants: 1,
                   seconds: Date().timeIntervalSince(started))
    }

    /// The DP row's participants, rounds and calibrated noise.
    struct PrivateRun {
        var participants: Int
        var rounds: Int
        var noiseMultiplier: Double
    }

    private func privateRun() throws -> PrivateRun {
        // Calibrate a little below the target: the accounted (effective) z of
        // discrete noise is slightly below the planned z.
        let calibrated = try NoiseCalibration.noiseMultiplier(
            targetEpsilon: settings.targetEpsilon * 0.97, samplingRate: 1, rounds: settings.privateRounds,
            delta: settings.delta, accountant: .pld)
        return PrivateRun(participants: settings.privateParticipants, rounds: settings.privateRounds,
                          noiseMultiplier: calibrated.noiseMultiplier)
    }

    private func federated(_ name: String, train: FeatureSet, test: FeatureSet, architecture: Architecture,
                           partition: ParticipantPartition, privacy: PrivateRun?) async throws -> Row {
        let participants = privacy?.participants ?? settings.participants
        let rounds = privacy?.rounds ?? settings.federatedRounds
        let directory = outputDirectory.appendingPathComponent(name.filter { $0.isLetter || $0.isNumber }, isDirectory: true)
        var options = SimulationOptions(participants: participants, rounds: rounds, architecture: architecture,
                                        outputDirectory: directory)
        options.seed = settings.seed
        options.config.model.seed = settings.seed
        options.config.sampling.rate = 1
        options.config.training.epochs = settings.localEpochs
        options.config.training.batchSize = 16
        options.config.privacy.enabled = privacy != nil
        options.config.privacy.delta = settings.delta
        options.config.privacy.epsilonBudget = settings.targetEpsilon
        options.config.privacy.accountant = .pld
        if let privacy {
            options.config.privacy.noiseMultiplier = privacy.noiseMultiplier
            options.config.privacy.clipNorm = 1
        } else {
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
        return Row(name: name, train: try Evaluator.evaluate(network, on: train), test: try Evaluator.evaluate(network, on: test),
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
