import ArgumentParser
import Foundation
import ML

/// `chorus synth --out DIR`: writes the procedural genre corpus in the GTZAN layout.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a procedural 10-genre corpus in the GTZAN layout (WAV, 22050 Hz).",
        discussion: """
        Each genre differs in tempo, rhythm, drum kit, bass line, harmony, lead timbre, distortion and \
        swing, with enough variation inside each that the classes overlap. The same seed gives the same files.

        Example:
          chorus synth --out corpus --clips-per-genre 10 --seconds 30 --seed 1
        """
    )

    @Option(help: "Folder to write <genre>/<genre>.NNNNN.wav into (created if missing).")
    var out: String

    @Option(parsing: .unconditional, help: "Clips per genre.")
    var clipsPerGenre = 10

    @Option(parsing: .unconditional, help: "Seconds per clip.")
    var seconds = 30.0

    @Option(parsing: .unconditional, help: "Random seed.")
    var seed: UInt64 = 1

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard clipsPerGenre >= 1 else { throw ValidationError("--clips-per-genre must be at least 1.") }
        guard seconds > 0 && seconds <= 600 else { throw ValidationError("--seconds must be in (0, 600].") }
    }

    func run() throws {
        let logger = logging.makeLogger(label: "chorus.synth")
        let start = ContinuousClock.now
        logger.debug("writing synthetic corpus", metadata: ["out": "\(out)", "seed": "\(seed)"])
        try SyntheticCorpus.write(to: URL(fileURLWithPath: out), clipsPerGenre: clipsPerGenre, seconds: seconds,
                                  seed: seed)
        let elapsed = (ContinuousClock.now - start).seconds
        let clips = clipsPerGenre * SyntheticCorpus.genres.count
        if output.json {
            try output.printJSON(["clips": clips, "genres": SyntheticCorpus.genres, "seconds_per_clip": seconds,
                                  "seed": seed, "out": out, "seconds": elapsed])
        } else {
            print("synth: \(clips) clips (\(SyntheticCorpus.genres.count) genres x \(clipsPerGenre)), "
                  + "\(seconds) s each, seed \(seed), \(String(format: "%.2f", elapsed)) s -> \(out)")
        }
    }
}
