import ChorusSupport
/// Mini-batch training of a `Network` on a `FeatureSet`: shuffled batches,
/// forward and backward through a `NetworkWorkspace`, one optimizer step per
/// batch, optional validation with early stopping after each epoch. Local
/// training of a federated participant and the centralized baseline both run
/// through here.
public enum Trainer {
    /// Trains `network` in place and reports per-epoch statistics.
    ///
    /// With `options.earlyStoppingPatience`, training stops once the validation
    /// loss has not improved for that many epochs, and `network` is left with the
    /// parameters of the best epoch.
    /// - Parameters:
    ///   - validation: evaluated after every epoch (loss and segment accuracy); required for early stopping.
    ///   - workspace: buffers to reuse across calls (e.g. one per federated participant task);
    ///     used when it has this architecture and room for a batch, otherwise a new one is made.
    ///   - progress: called on the calling thread after every batch and epoch.
    /// - Throws: `MLError` when options are out of range or the features do not fit the network.
    /// - Complexity: about 3 forward passes of work per training segment per epoch.
    public static func train(_ network: inout Network, on data: FeatureSet, validation: FeatureSet? = nil,
                             options: TrainingOptions = TrainingOptions(), workspace reusable: NetworkWorkspace? = nil,
                             progress: (TrainingProgress) -> Void = { _ in }) throws(MLError) -> TrainingSummary {
        let architecture = network.architecture
        try options.validate()
        try data.checkCompatible(with: architecture, role: "training set")
        if let validation { try validation.checkCompatible(with: architecture, role: "validation set") }
        try options.augmentation.validate(height: data.melBands, width: data.frames)
        if options.earlyStoppingPatience != nil && validation == nil {
            throw MLError.invalidOption(field: "early stopping", reason: "needs a validation set")
        }
        let capacity = min(options.batchSize, data.count)
        let workspace: NetworkWorkspace
        if let given = reusable, given.architecture == architecture, given.batchCapacity >= capacity {
            workspace = given
        } else {
            workspace = try NetworkWorkspace(architecture: architecture, batchCapacity: capacity)
        }
        var optimizer = OptimizerState(optimizer: options.optimizer, parameterCount: architecture.parameterCount)
        var generator = SeededGenerator(seed: options.seed)
        var order = Array(0..<data.count)
        var batch = BatchAssembler(segmentSize: data.segmentSize, capacity: capacity)
        let batches = (data.count + capacity - 1) / capacity

        var history: [EpochStatistics] = []
        var best: (epoch: Int, loss: Double, parameters: [Float])?
        var stoppedEarly = false
        let clock = ContinuousClock()
        let runStart = clock.now
        for epoch in 0..<options.epochs {
            let epochStart = clock.now
            generator.shuffle(&order)  // Fisher–Yates fixed for a seed, unlike the standard library's
            let rate = options.schedule.rate(base: options.optimizer.learningRate, epoch: epoch, epochs: options.epochs)
            var lossSum = 0.0, correct = 0, normSum = 0.0, normMax = 0.0
            for index in 0..<batches {
                let members = order[(index * capacity)..<min((index + 1) * capacity, data.count)]
                batch.gather(members, from: data)
                batch.augment(members.count, with: options.augmentation, height: data.melBands, width: data.frames,
                              generator: &generator)
                let gathered = batch.batch(members.count)
                let result = workspace.computeGradients(network, input: gathered.input, labels: gathered.labels,
                                                        generator: &generator)
                lossSum += result.lossSum
                correct += result.correct
                let norm = workspace.gradientNorm
                normSum += norm
                normMax = max(normMax, norm)
                optimizer.step(&network.parameters, gradients: workspace.gradients, rate: rate)
                progress(.batch(epoch: epoch, done: index + 1, total: batches))
            }
            var statistics = EpochStatistics(
                epoch: epoch, learningRate: rate, trainLoss: lossSum / Double(data.count),
                trainAccuracy: Double(correct) / Double(data.count), meanGradientNorm: normSum / Double(batches),
                maxGradientNorm: normMax, validationLoss: nil, validationAccuracy: nil, seconds: 0)
            if let validation {
                let probabilities = Evaluator.probabilities(network, on: validation, workspace: workspace)
                let measured = Evaluator.lossAndAccuracy(probabilities, of: validation)
                statistics.validationLoss = measured.loss
                statistics.validationAccuracy = measured.accuracy
                if options.earlyStoppingPatience != nil, best.map({ measured.loss < $0.loss }) ?? true {
                    best = (epoch, measured.loss, network.parameters)
                }
            }
            statistics.seconds = Self.seconds(clock.now - epochStart)
            history.append(statistics)
            progress(.epoch(statistics))
            if let patience = options.earlyStoppingPatience, let best, epoch - best.epoch >= patience {
                stoppedEarly = epoch + 1 < options.epochs
                break
            }
        }
        var bestEpoch = history.count - 1
        if let best {
            network.parameters = best.parameters
            bestEpoch = best.epoch
        }
        let elapsed = Self.seconds(clock.now - runStart)
        return TrainingSummary(epochs: history, bestEpoch: bestEpoch, stoppedEarly: stoppedEarly,
                               samplesPerSecond: Double(data.count * history.count) / max(elapsed, 1e-9))
    }

    /// Local training as a federated participant runs it: `epochs` passes with
    /// the given optimizer, seed and augmentation, constant learning rate, no validation.
    public static func train(_ network: inout Network, on data: FeatureSet, epochs: Int, batchSize: Int,
                             optimizer: Optimizer, seed: UInt64,
                             augmentation: Augmentation = .off) throws(MLError) -> TrainingSummary {
        try train(&network, on: data, options: TrainingOptions(epochs: epochs, batchSize: batchSize,
                                                               optimizer: optimizer, seed: seed, augmentation: augmentation))
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
