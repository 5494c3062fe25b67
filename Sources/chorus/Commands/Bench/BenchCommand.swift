import ArgumentParser

/// `chorus bench ...`: the performance workloads, each reporting a reference measured
/// in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure a workload against a reference measured in the same run.",
        subcommands: [BenchMaskCommand.self, BenchSecAggCommand.self]
    )
}
