import ArgumentParser

/// `chorus experiment ...`: reproducible experiments behind docs/RESULTS.md.
struct ExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run the experiments whose results docs/RESULTS.md reports.",
        subcommands: [ExperimentPaperCommand.self]
    )
}
