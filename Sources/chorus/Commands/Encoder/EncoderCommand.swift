import ArgumentParser

/// `chorus encoder ...`: the frozen pretrained encoder that heads are trained on.
struct EncoderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoder",
        abstract: "Import a pretrained music encoder and embed audio with it.",
        subcommands: [EncoderImportCommand.self, EncoderEmbedCommand.self]
    )
}
