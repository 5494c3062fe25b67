import ArgumentParser
import Foundation
import ML

/// `chorus encoder import --from WHEEL_OR_DIR --model msd-musicnn --out FILE`:
/// reads the TensorFlow 1 checkpoint inside the musicnn 0.1.0 wheel (no
/// TensorFlow needed) and writes a Chorus encoder file.
struct EncoderImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a Chorus encoder file from the musicnn 0.1.0 wheel's checkpoint.",
        discussion: """
        --from is the wheel itself (musicnn-0.1.0-py3-none-any.whl, read in place) or a folder holding it unpacked. \
        Get the wheel with scripts/fetch-musicnn.sh (pip download, SHA-256 checked). Only the weights the network \
        needs are kept (no optimizer slots); the file's SHA-256 is the encoder's digest.
        """
    )

    @Option(help: "The musicnn wheel (.whl) or a folder with its unpacked contents.")
    var from: String

    @Option(help: "Which checkpoint to import (\(EncoderModel.allCases.map(\.rawValue).joined(separator: ", "))).")
    var model: EncoderModel = .msdMusicnn

    @Option(help: "Encoder file to write.")
    var out: String

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let file = try EncoderFile.importCheckpoint(model, from: from)
        try file.save(to: URL(fileURLWithPath: out))
        let parameters = file.tensors.values.reduce(0) { $0 + $1.values.count }
        if output.json {
            try output.printJSON(["model": model.rawValue, "tensors": file.tensors.count, "parameters": parameters,
                                  "digest": file.digest, "out": out])
        } else {
            print("\(model.rawValue): \(file.tensors.count) tensors, \(parameters) parameters, digest \(file.digest) -> \(out)")
        }
    }
}
