import ArgumentParser
import Foundation
import ML

/// `chorus bench features`: log-mel segments per second on all cores, and on one core as the reference.
struct BenchFeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Log-mel feature extraction speed (segments per second).",
        discussion: """
        Times FFTW STFT, sparse mel and dB on decoded clips: by default 20 synthetic 30 s clips \
        (chorus synth --clips-per-genre 2 --seconds 30 --seed 1), or every clip of --data DIR. \
        Reports the median of --repeats runs after a warm-up, on all threads and on one.

        Example:
          chorus bench features --json
        """
    )

    @Option(help: "Labelled audio folder to time instead of the built-in synthetic clips.")
    var data: String?

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditional, help: "Timed runs (the median is reported).")
    var repeats = 5

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1.") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1.") }
    }

    func run() throws {
        let logger = logging.makeLogger(label: "chorus.bench")
        let clips = try data.map { try FeaturesBenchmark.decodedClips(in: URL(fileURLWithPath: $0)) }
            ?? FeaturesBenchmark.syntheticClips(clipsPerGenre: 2)
        logger.debug("timing feature extraction", metadata: ["clips": "\(clips.count)", "threads": "\(threads)"])
        let result = FeaturesBenchmark(clips: clips, threads: threads, repeats: repeats).run()
        let speedup = result.segmentsPerSecond / result.singleThreadSegmentsPerSecond
        if output.json {
            try output.printJSON([
                "segments_per_s": result.segmentsPerSecond,
                "single_thread_segments_per_s": result.singleThreadSegmentsPerSecond,
                "thread_speedup": speedup, "threads": result.threads, "segments": result.segments,
                "clips": clips.count, "checksum": result.checksum,
            ])
        } else {
            print(String(format: "bench features: %d segments, %d threads: %.0f segments/s; one thread %.0f segments/s "
                         + "(x%.2f); checksum %.6e", result.segments, result.threads, result.segmentsPerSecond,
                         result.singleThreadSegmentsPerSecond, speedup, result.checksum))
        }
    }
}
