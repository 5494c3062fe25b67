import ArgumentParser

/// `chorus audit ...`: what auditors run on a privacy report.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check a privacy report without trusting the operator.",
        subcommands: [AuditVerifyCommand.self]
    )
}
