import ArgumentParser
import ML

/// `chorus bench train [--json]`: CNN training and inference samples per
/// second (batch 32, DESIGN.md's CNN on 1×128×130) and the sgemm rate of the
/// same run; `scripts/bench-torch.sh` adds PyTorch's numbers beside them.
struct BenchTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Measure CNN training and inference throughput against this machine's sgemm rate.",
        discussion: """
        Example:
          chorus bench train --batch 32 --json
        """
    )

    @Option(parsing: .unconditional, help: "Segments per batch.")
    var batch = 32

    @Option(parsing: .unconditional, help: "Timed repeats (the median is reported).")
    var repeats = 5

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...1024).contains(batch) else { throw ValidationError("--batch must be 1...1024, got \(batch).") }
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be 1...100, got \(repeats).") }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.bench.train")
        logger.info("benchmarking", metadata: ["batch": "\(batch)", "architecture": "\(Architecture.default.summary)"])
        let result = try TrainBenchmark(batchSize: batch, repeats: repeats).run()
        let fraction = result.trainGFLOPS / result.sgemmGFLOPS
        let kernels = BLASKernels.current
        if output.json {
            try output.printJSON([
                "train_samples_per_s": result.trainSamplesPerSecond,
                "infer_samples_per_s": result.inferSamplesPerSecond,
                "sgemm_gflops": result.sgemmGFLOPS,
                "train_gflops": result.trainGFLOPS,
                "train_step_gflop": result.stepGFLOP,
                "infer_gflops": result.inferGFLOPS,
                "infer_fraction_of_sgemm": result.inferGFLOPS / result.sgemmGFLOPS,
                "train_fraction_of_sgemm": fraction,
                "batch": batch,
                "threads": result.threads,
                "blas_core": kernels.core,
                "blas_core_choice": kernels.choiceName,
            ])
        } else {
            print("""
            CNN \(Architecture.default.summary), batch \(batch), \(result.threads) OpenBLAS threads
            kernels:   \(kernels)
            training:  \(format(result.trainSamplesPerSecond)) samples/s  (\(format(result.stepGFLOP)) GFLOP a step, \(format(result.trainGFLOPS)) GFLOP/s)
            inference: \(format(result.inferSamplesPerSecond)) samples/s  (\(format(result.inferGFLOPS)) GFLOP/s, counted as direct convolution: its Winograd layers multiply less)
            sgemm:     \(format(result.sgemmGFLOPS)) GFLOP/s (1024³, same run); training runs at \(format(100 * fraction))% of it, \
            inference at \(format(100 * result.inferGFLOPS / result.sgemmGFLOPS))%
            """)
        }
    }

    private func format(_ value: Double) -> String {
        String(Int((value * 10).rounded()) / 10) + "." + String(Int((value * 10).rounded()) % 10)
    }
}
