import ArgumentParser
import Foundation
import ML

/// `chorus bench encoder --encoder FILE`: segments per second of the pretrained encoder's network.
struct BenchEncoderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoder",
        abstract: "Pretrained encoder speed (3-s segments per second through musicnn's network).",
        discussion: """
        Embeds --patches seeded random 187x96 log-mel patches with the encoder's network on Chorus's engine \
        two ways, alternating run by run after a warm-up of each: one at a time (segments_per_s), and all \
        together, a patch per thread on --threads threads as `chorus features --encoder` embeds clips \
        (batched_segments_per_s); reports the median rate of --repeats runs of each and the largest \
        difference between the two ways' embeddings. scripts/bench-torch-musicnn.sh runs the same network in PyTorch (one at a time \
        and as one batch) in the same session and prints the ratios.

        Example:
          chorus bench encoder --encoder msd.encoder --json
        """
    )

    @Option(help: "Encoder file (from `chorus encoder import`).")
    var encoder: String

    @Option(parsing: .unconditional, help: "Patches per timed run.")
    var patches = 16

    @Option(parsing: .unconditional, help: "Timed runs of each way (the median is reported).")
    var repeats = 5

    @Option(parsing: .unconditional, help: "Threads for the batched way (the default is the number of cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard patches >= 1, repeats >= 1, threads >= 1 else {
            throw ValidationError("--patches, --repeats and --threads must be at least 1.")
        }
    }

    func run() throws {
        _ = logging.makeLogger(label: "chorus.bench")
        let loaded = AudioEncoder(try EncoderFile.load(from: URL(fileURLWithPath: encoder)))
        let result = EncoderBenchmark(encoder: loaded, patches: patches, repeats: repeats, threads: threads).run()
        if output.json {
            try output.printJSON(["segments_per_s": result.segmentsPerSecond, "batched_segments_per_s": result.batchedSegmentsPerSecond,
                                  "patches": patches, "threads": threads, "encoder": loaded.digest, "checksum": result.checksum,
                                  "batched_max_relative_difference": result.batchedDifference])
        } else {
            print(String(format: "bench encoder: %.1f segments/s one at a time, %.1f batched on %d threads (%d patches, median of %d runs); "
                         + "batched embeddings within %.1e of one at a time (relative to the largest value); checksum %.6e",
                         result.segmentsPerSecond, result.batchedSegmentsPerSecond, threads, patches, repeats,
                         result.batchedDifference, result.checksum))
        }
    }
}
