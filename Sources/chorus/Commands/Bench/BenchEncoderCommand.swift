import ArgumentParser
import Foundation
import ML

/// `chorus bench encoder --encoder FILE`: segments per second of the pretrained encoder's network.
struct BenchEncoderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoder",
        abstract: "Pretrained encoder speed (3-s segments per second through musicnn's network).",
        discussion: """
        Embeds --patches seeded random 187x96 log-mel patches one at a time with the encoder's network on \
        Chorus's engine and reports the median rate of --repeats runs after a warm-up. \
        scripts/bench-torch-musicnn.sh runs the same network in PyTorch in the same session and prints the ratio.

        Example:
          chorus bench encoder --encoder msd.encoder --json
        """
    )

    @Option(help: "Encoder file (from `chorus encoder import`).")
    var encoder: String

    @Option(parsing: .unconditional, help: "Patches per timed run.")
    var patches = 16

    @Option(parsing: .unconditional, help: "Timed runs (the median is reported).")
    var repeats = 5

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard patches >= 1, repeats >= 1 else { throw ValidationError("--patches and --repeats must be at least 1.") }
    }

    func run() throws {
        _ = logging.makeLogger(label: "chorus.bench")
        let loaded = AudioEncoder(try EncoderFile.load(from: URL(fileURLWithPath: encoder)))
        let result = EncoderBenchmark(encoder: loaded, patches: patches, repeats: repeats).run()
        if output.json {
            try output.printJSON(["segments_per_s": result.segmentsPerSecond, "patches": patches,
                                  "encoder": loaded.digest, "checksum": result.checksum])
        } else {
            print(String(format: "bench encoder: %.1f segments/s (%d patches, median of %d runs); checksum %.6e",
                         result.segmentsPerSecond, patches, repeats, result.checksum))
        }
    }
}
