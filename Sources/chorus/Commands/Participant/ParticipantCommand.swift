import ArgumentParser

/// `chorus participant ...`: what a participant runs.
struct ParticipantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participant",
        abstract: "Take part in a federation.",
        subcommands: [ParticipantJoinCommand.self]
    )
}
