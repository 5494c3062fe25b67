import ArgumentParser

/// `chorus bench ...`: speed measurements, each against a reference measured in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed against a reference run at the same time.",
        subcommands: [BenchConnectionsCommand.self]
    )
}
