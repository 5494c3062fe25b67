import ArgumentParser

/// `chorus privacy`: privacy budgets without running anything.
struct PrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Compute or calibrate the privacy budget of a federated run.",
        subcommands: [PrivacyEpsilonCommand.self, PrivacyCalibrateCommand.self]
    )
}
