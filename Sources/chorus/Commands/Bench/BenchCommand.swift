import ArgumentParser

/// `chorus bench ...`: the speed of each workload, with a reference measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of Chorus's workloads.",
        subcommands: [BenchFeaturesCommand.self]
    )
}
