import ArgumentParser

/// The `chorus` command line: one subcommand per task of DESIGN.md's contract.
@main
struct Chorus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chorus",
        abstract: "Federated music-genre classification with secure aggregation and differential privacy.",
        discussion: """
        Participants train a CNN on their own spectrograms, clip and noise their update and mask it, \
        so the coordinator only learns the sum. Operators run `chorus coordinator`, participants run \
        `chorus participant`, auditors run `chorus audit`. `chorus simulate` runs a whole federation \
        on one machine over loopback TLS.
        """,
        version: ChorusVersion.current,
        subcommands: [SynthCommand.self, FeaturesCommand.self, TrainCommand.self, EvaluateCommand.self, PredictCommand.self,
                      KeygenCommand.self, CoordinatorCommand.self, ParticipantCommand.self, SimulateCommand.self,
                      PrivacyCommand.self, AuditCommand.self, ReportCommand.self, ExperimentCommand.self, BenchCommand.self,
                      EncoderCommand.self]
    )
}
