import ArgumentParser

/// `chorus coordinator ...`: what an operator runs.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Set up and run a coordinator.",
        subcommands: [CoordinatorInitCommand.self, CoordinatorEnrollCommand.self, CoordinatorRunCommand.self,
                      CoordinatorParticipantsCommand.self, CoordinatorStatusCommand.self]
    )
}
