import ArgumentParser
import Foundation
import ML

/// How the network sees a segment, for `--front-end`.
enum FrontEndChoice: String, ExpressibleByArgument, CaseIterable {
    case image, bandStatistics = "band-statistics"
}

/// The network's shape on the command line; the defaults are DESIGN.md's CNN.
struct ArchitectureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("What the network sees: the log-mel image through conv blocks, or per-band statistics (no conv blocks).",
                               discussion: "band-statistics summarises each segment into 4·(bands/group + 2) values; with --dense 0 the model is a linear classifier, small enough for differential privacy with few participants."))
    var frontEnd = FrontEndChoice.image

    @Option(parsing: .unconditional, help: "Mel bands averaged into one row by the band-statistics front end.")
    var bandsPerGroup = 2

    @Option(help: "Output channels of each conv block, comma-separated (default 16,32,64,128; none with band-statistics).")
    var channels: String?

    @Option(parsing: .unconditional, help: "Units of the hidden dense layer (0: none, a linear head).")
    var dense = 64

    @Option(parsing: .unconditional, help: "Dropout rate before the output layer, in [0, 1) (default 0.3; none with --dense 0, which has no hidden layer to drop).")
    var dropout: Float?

    @Option(parsing: .unconditional, help: "GroupNorm groups after each conv (0: no normalisation).")
    var groupNorm = 0

    func validate() throws {
        if dense == 0, let dropout, dropout > 0 {
            throw ValidationError("--dropout \(dropout) with --dense 0: a linear head has no hidden layer to drop units from.")
        }
    }

    /// The architecture for segments of `height × width` and `classes` genres.
    func architecture(height: Int, width: Int, classes: Int) throws -> Architecture {
        let frontEnd: FrontEnd
        var blocks: [Int] = []
        switch self.frontEnd {
        case .image:
            frontEnd = .image
            let text = channels ?? Architecture.default.convolutionChannels.map(String.init).joined(separator: ",")
            let parsed = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--channels must be comma-separated integers such as 16,32,64,128, got '\(text)'.")
            }
            blocks = parsed.compactMap { $0 }
        case .bandStatistics:
            frontEnd = .bandStatistics(bandsPerGroup: bandsPerGroup)
            if let channels {
                throw ValidationError("--channels '\(channels)' with --front-end band-statistics: that front end has no conv blocks.")
            }
        }
        let architecture = Architecture(inputHeight: height, inputWidth: width, convolutionChannels: blocks,
                                        denseWidth: dense, dropout: dropout ?? (dense > 0 ? Architecture.default.dropout : 0), classes: classes,
                                        groupNormGroups: groupNorm, frontEnd: frontEnd)
        try architecture.validate()
        return architecture
    }
}
