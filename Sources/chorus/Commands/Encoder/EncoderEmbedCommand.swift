import ArgumentParser
import Foundation
import ML

/// `chorus encoder embed --encoder FILE --wav AUDIO --npy OUT.npy`: one audio
/// file's embeddings as a NumPy array, for reference checks
/// (scripts/check_musicnn_forward.py) and inspection.
struct EncoderEmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Write one audio file's per-patch encoder embeddings to a .npy file.",
        discussion: """
        The file is decoded to mono and resampled to 16 kHz, cut into 3-s patches of 187 frames, and each patch \
        embedded: float32 [patches, \(AudioEncoder.embeddingSize)] (musicnn's max and mean pooled features, \
        interleaved per channel, then its 200-unit penultimate layer).
        """
    )

    @Option(help: "Encoder file (from `chorus encoder import`).")
    var encoder: String

    @Option(help: "Audio file to embed.")
    var wav: String

    @Option(help: "NumPy file to write the embeddings to.")
    var npy: String

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let encoder = AudioEncoder(try EncoderFile.load(from: URL(fileURLWithPath: encoder)))
        let embeddings = try encoder.embeddings(of: URL(fileURLWithPath: wav), threads: ProcessInfo.processInfo.activeProcessorCount)
        guard !embeddings.isEmpty else {
            throw ValidationError("\(wav) is shorter than one 3-s patch; pass a longer clip.")
        }
        try NumPyFile.write(embeddings.flatMap { $0 }, shape: [embeddings.count, AudioEncoder.embeddingSize],
                            to: URL(fileURLWithPath: npy))
        if output.json {
            try output.printJSON(["patches": embeddings.count, "out": npy, "digest": encoder.digest])
        } else {
            print("\(embeddings.count) patches of \(wav) -> \(npy)")
        }
    }
}
