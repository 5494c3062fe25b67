import ArgumentParser
import Foundation
import ML

/// `chorus train`: the centralized baseline. Splits the clips into train,
/// validation and test (by clip, stratified by genre), trains with early
/// stopping on validation loss, saves the best model and reports its test accuracy.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the genre CNN on one machine (the centralized baseline) and save the best model.",
        discussion: """
        The clips of --data or --features are split by clip (never by segment) into train, validation and \
        test sets with --seed. Each epoch prints train and validation loss and accuracy; training stops \
        after --patience epochs without a lower validation loss and keeps the best epoch's parameters.

        Examples:
          chorus train --data corpus --out model.chorus
          chorus train --features corpus.features --out small.chorus --channels 4,8,8,8 --dense 16 --epochs 10 --json
        """
    )

    enum OptimizerChoice: String, ExpressibleByArgument, CaseIterable {
        case adam, sgd
    }

    enum ScheduleChoice: String, ExpressibleByArgument, CaseIterable {
        case constant, cosine, step
    }

    /// Input size as a percentage of the features' area: 100, or 25 (both sides halved, 128×130 → 64×65).
    enum InputScale: String, ExpressibleByArgument, CaseIterable {
        case full = "100", quarter = "25"
    }

    @OptionGroup var input: FeatureInputOptions

    @Option(help: "Model file to write.")
    var out: String

    @Option(parsing: .unconditional, help: "Training epochs (at most; early stopping may end sooner).")
    var epochs = 30

    @Option(parsing: .unconditional, help: "Segments per mini-batch.")
    var batch = 32

    @Option(parsing: .unconditional, help: "Seed of the split, the initial weights, the batch order and dropout.")
    var seed: UInt64 = 0

    @Option(help: "Update rule.")
    var optimizer = OptimizerChoice.adam

    @Option(parsing: .unconditional, help: "Base learning rate.")
    var learningRate: Float = 1e-3

    @Option(parsing: .unconditional, help: "SGD momentum.")
    var momentum: Float = 0.9

    @Option(parsing: .unconditional, help: "L2 weight decay.")
    var weightDecay: Float = 0

    @Option(help: "Learning-rate schedule: constant, cosine (to 1% at the last epoch), or step (×0.5 every 10 epochs).")
    var schedule = ScheduleChoice.constant

    @Option(parsing: .unconditional, help: "Stop after this many epochs without a lower validation loss (0: never stop early).")
    var patience = 5

    @Option(parsing: .unconditional, help: "Fraction of each genre's clips held out for validation.")
    var validationFraction = 0.1

    @Option(parsing: .unconditional, help: "Fraction of each genre's clips held out for the final test.")
    var testFraction = 0.2

    @Option(help: "Input area in percent of the features: 100, or 25 (the paper's 25% scaling, each side halved).")
    var inputScale = InputScale.full

    @Flag(help: "Augment training batches: random circular time shifts up to half a segment and SpecAugment masks (two of a tenth of the frames, two of a tenth of the mel bands).")
    var augment = false

    @OptionGroup var architecture: ArchitectureOptions
    @OptionGroup var encoderOptions: EncoderOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs is \(epochs); pass at least 1.") }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--learning-rate is \(learningRate); pass a finite number > 0 (e.g. 0.001).")
        }
        guard momentum >= 0, momentum < 1 else { throw ValidationError("--momentum is \(momentum); pass a number in [0, 1).") }
        guard weightDecay >= 0, weightDecay.isFinite else { throw ValidationError("--weight-decay is \(weightDecay); pass 0 or more.") }
        guard (1...4096).contains(batch) else { throw ValidationError("--batch must be 1...4096.") }
        guard patience >= 0 else { throw ValidationError("--patience must be 0 (off) or more.") }
        guard (0..<1).contains(validationFraction), (0..<1).contains(testFraction),
              validationFraction + testFraction < 1 else {
            throw ValidationError("--validation-fraction and --test-fraction must be in [0, 1) and sum below 1.")
        }
        try OutputPath.checkFile(out, flag: "--out")
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.train")
        let start = ContinuousClock.now
        let encoder = try encoderOptions.load()
        let loaded = try encoder.map { try EncoderOptions.embeddings(of: input, encoder: $0, logger: logger) } ?? input.load(logger: logger)
        let all = inputScale == .quarter ? loaded.downscaled(by: 2) : loaded
        let split = all.split(seed: seed, validationFraction: validationFraction, testFraction: testFraction)
        let shape = self.architecture
        let architecture = try encoder.map { try encoderOptions.head(on: $0, classes: all.labelNames.count, shape: shape) }
            ?? shape.architecture(height: all.melBands, width: all.frames, classes: all.labelNames.count)
        var network = try Network(architecture: architecture, seed: seed)
        let useValidation = split.validation.count > 0
        if !useValidation { logger.warning("no validation clips: training every epoch without early stopping") }
        let options = TrainingOptions(epochs: epochs, batchSize: batch, optimizer: chosenOptimizer, schedule: chosenSchedule,
                                      seed: seed, earlyStoppingPatience: useValidation && patience > 0 ? patience : nil,
                                      augmentation: augment && encoder == nil ? .standard(height: all.melBands, width: all.frames) : .off)
        logger.info("training", metadata: [
            "architecture": "\(architecture.summary)", "parameters": "\(architecture.parameterCount)",
            "clips.train": "\(split.train.clips.count)", "clips.validation": "\(split.validation.clips.count)",
            "clips.test": "\(split.test.clips.count)",
        ])
        var bar = (epoch: -1, bar: ProgressBar(label: "epoch"))
        let summary = try Trainer.train(&network, on: split.train, validation: useValidation ? split.validation : nil,
                                        options: options) { event in
            switch event {
            case let .batch(epoch, done, total):
                if epoch != bar.epoch { bar = (epoch, ProgressBar(label: "epoch \(epoch + 1)/\(epochs)")) }
                bar.bar.update(done: done, total: total)
            case let .epoch(statistics):
                if !output.json { print(Self.line(statistics, of: epochs)) }
            }
        }
        try ModelFile.save(network, labelNames: all.labelNames, features: all.parameters, to: URL(fileURLWithPath: out))
        let test = split.test.count > 0 ? try Evaluator.evaluate(network, on: split.test) : nil
        let seconds = (ContinuousClock.now - start).seconds
        try report(summary, test: test, split: split, parameters: architecture.parameterCount, seconds: seconds)
    }

    private var chosenOptimizer: Optimizer {
        switch optimizer {
        case .adam: .adam(learningRate: learningRate, weightDecay: weightDecay)
        case .sgd: .sgd(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
        }
    }

    private var chosenSchedule: LearningRateSchedule {
        switch schedule {
        case .constant: .constant
        case .cosine: .cosine(minimumFraction: 0.01)
        case .step: .step(every: 10, factor: 0.5)
        }
    }

    static func line(_ s: EpochStatistics, of epochs: Int) -> String {
        var text = "epoch \(s.epoch + 1)/\(epochs)  lr \(s.learningRate)  train loss \(fixed(s.trainLoss, 4)) "
            + "acc \(percent(s.trainAccuracy))"
        if let loss = s.validationLoss, let accuracy = s.validationAccuracy {
            text += "  val loss \(fixed(loss, 4)) acc \(percent(accuracy))"
        }
        return text + "  |grad| \(fixed(s.meanGradientNorm, 3)) (max \(fixed(s.maxGradientNorm, 3)))  \(fixed(s.seconds, 1)) s"
    }

    private func report(_ summary: TrainingSummary, test: Evaluation?,
                        split: (train: FeatureSet, validation: FeatureSet, test: FeatureSet),
                        parameters: Int, seconds: Double) throws {
        if output.json {
            let report = TrainReport(
                model: out, parameters: parameters, seconds: seconds, seed: seed,
                bestEpoch: summary.bestEpoch + 1, stoppedEarly: summary.stoppedEarly,
                trainSamplesPerS: summary.samplesPerSecond,
                clips: .init(train: split.train.clips.count, validation: split.validation.clips.count,
                             test: split.test.clips.count),
                segments: .init(train: split.train.count, validation: split.validation.count, test: split.test.count),
                epochs: summary.epochs.map(TrainReport.Epoch.init),
                testSegmentAccuracy: test?.segmentAccuracy, testClipAccuracy: test?.clipAccuracy, testLoss: test?.loss)
            try output.printJSON(report)
        } else {
            let best = summary.epochs[summary.bestEpoch]
            var text = "best epoch \(summary.bestEpoch + 1)" + (summary.stoppedEarly ? " (stopped early)" : "")
                + ": train acc \(Self.percent(best.trainAccuracy))"
            if let accuracy = best.validationAccuracy { text += ", val acc \(Self.percent(accuracy))" }
            print(text)
            if let test {
                print("test (\(split.test.clips.count) clips, \(split.test.count) segments): segment accuracy "
                      + "\(Self.percent(test.segmentAccuracy)), clip accuracy \(Self.percent(test.clipAccuracy))")
            }
            print("saved \(out) (\(parameters) parameters) in \(Self.fixed(seconds, 1)) s")
        }
    }

    static func percent(_ value: Double) -> String { fixed(100 * value, 2) + "%" }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
