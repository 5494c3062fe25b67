import ArgumentParser

/// `chorus report ...`: privacy reports rendered for people.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a privacy report for reading.",
        subcommands: [ReportHTMLCommand.self]
    )
}
