import ArgumentParser

/// `chorus bench ...`: the speed of each heavy workload, as a ratio to a
/// reference measured in the same run (these machines are noisy).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Chorus's heavy workloads against a reference run at the same time.",
        subcommands: [BenchFeaturesCommand.self, BenchTrainCommand.self, BenchMaskCommand.self, BenchSecAggCommand.self,
                      BenchPrivacyCommand.self, BenchConnectionsCommand.self, BenchRoundCommand.self,
                      BenchEncoderCommand.self]
    )
}
