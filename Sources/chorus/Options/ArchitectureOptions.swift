import ArgumentParser
import Foundation
import ML

/// The CNN's shape on the command line; the defaults are DESIGN.md's CNN.
struct ArchitectureOptions: ParsableArguments {
    @Option(help: "Output channels of each conv block, comma-separated.")
    var channels = "16,32,64,128"

    @Option(help: "Units of the hidden dense layer.")
    var dense = 64

    @Option(help: "Dropout rate before the output layer, in [0, 1).")
    var dropout: Float = 0.3

    @Option(help: "GroupNorm groups after each conv (0: no normalisation).")
    var groupNorm = 0

    /// The architecture for segments of `height × width` and `classes` genres.
    func architecture(height: Int, width: Int, classes: Int) throws -> Architecture {
        let parsed = channels.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--channels must be comma-separated integers such as 16,32,64,128, got '\(channels)'.")
        }
        let architecture = Architecture(inputHeight: height, inputWidth: width, convolutionChannels: parsed.compactMap { $0 },
                                        denseWidth: dense, dropout: dropout, classes: classes, groupNormGroups: groupNorm)
        try architecture.validate()
        return architecture
    }
}
