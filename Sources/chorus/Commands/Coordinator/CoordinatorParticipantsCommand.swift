import ArgumentParser

/// `chorus coordinator participants list|revoke --dir DIR`: the roster.
struct CoordinatorParticipantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participants",
        abstract: "List or revoke the participants enrolled at a coordinator.",
        discussion: """
        Enroll a participant with `chorus coordinator enroll`; enrolling a revoked key again restores it.

        Examples:
          chorus coordinator participants list --dir coord
          chorus coordinator participants revoke --dir coord --participant alice-identity.pub
        """,
        subcommands: [CoordinatorParticipantsListCommand.self, CoordinatorParticipantsRevokeCommand.self]
    )
}
