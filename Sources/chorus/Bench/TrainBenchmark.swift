import ChorusSupport
import ML

/// `chorus bench train`: training and inference throughput of the CNN on one
/// fixed random batch, beside the machine's sgemm rate measured in the same run.
struct TrainBenchmark {
    var architecture = Architecture.default
    var batchSize = 32
    /// Timed repeats; the median is reported.
    var repeats = 5
    /// Batches per timed repeat.
    var stepsPerRepeat = 4

    struct Result {
        var trainSamplesPerSecond: Double
        var inferSamplesPerSecond: Double
        var sgemmGFLOPS: Double
        /// FLOPs of one training step over the batch (`Architecture.trainingFLOPsPerSample` × batch), in GFLOP.
        var stepGFLOP: Double
        /// Training FLOP rate in GFLOP/s.
        var trainGFLOPS: Double
        /// Inference FLOP rate in GFLOP/s, counting the forward pass's direct-convolution FLOPs: nominal, since
        /// inference runs its wider convolutions by Winograd, which multiplies less (`Conv2D+Winograd`).
        var inferGFLOPS: Double
        var threads: Int
        /// Loss of the last step, kept so no work is optimised away.
        var finalLoss: Double
    }

    func run() throws -> Result {
        var network = try Network(architecture: architecture, seed: 1)
        let workspace = try NetworkWorkspace(architecture: architecture, batchCapacity: batchSize)
        var generator = SeededGenerator(seed: 2)
        let input = (0..<(batchSize * architecture.inputSize)).map { _ in -80 * Float(generator.next() % 1000) / 1000 }
        let labels = (0..<batchSize).map { Int32($0 % architecture.classes) }
        var optimizer = OptimizerState(optimizer: .sgd(learningRate: 1e-4, momentum: 0.9), parameterCount: network.parameters.count)
        var probabilities = [Float](repeating: 0, count: batchSize * architecture.classes)
        var loss = 0.0

        func trainStep() {
            let result = workspace.computeGradients(network, input: input[...], labels: labels[...], generator: &generator)
            loss = result.lossSum / Double(batchSize)
            optimizer.step(&network.parameters, gradients: workspace.gradients, rate: 1e-4)
        }
        func inferStep() {
            workspace.infer(network, input: input[...], batch: batchSize, probabilities: &probabilities)
        }
        let train = measure(trainStep)
        let infer = measure(inferStep)
        precondition(loss.isFinite && probabilities.allSatisfy(\.isFinite), "benchmark produced non-finite values")
        return Result(trainSamplesPerSecond: train, inferSamplesPerSecond: infer,
                      sgemmGFLOPS: LinearAlgebra.sgemmGFLOPS(),
                      stepGFLOP: Double(batchSize) * architecture.trainingFLOPsPerSample / 1e9,
                      trainGFLOPS: train * architecture.trainingFLOPsPerSample / 1e9,
                      inferGFLOPS: infer * architecture.forwardFLOPsPerSample / 1e9,
                      threads: LinearAlgebra.threads, finalLoss: loss)
    }

    /// Samples per second of `step`: one warm-up step, then the median over repeats.
    private func measure(_ step: () -> Void) -> Double {
        step()
        let clock = ContinuousClock()
        var rates: [Double] = []
        for _ in 0..<repeats {
            let start = clock.now
            for _ in 0..<stepsPerRepeat { step() }
            rates.append(Double(batchSize * stepsPerRepeat) / (clock.now - start).seconds)
        }
        return rates.sorted()[rates.count / 2]
    }
}
