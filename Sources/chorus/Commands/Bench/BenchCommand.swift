import ArgumentParser

/// `chorus bench ...`: throughput of each heavy workload, with a reference
/// measured in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput of Chorus's heavy workloads.",
        subcommands: [BenchTrainCommand.self]
    )
}
