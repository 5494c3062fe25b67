import Server

/// What stops an in-process federation before its coordinator ends the run.
public enum SimulationError: Error, CustomStringConvertible {
    /// Every simulated participant stopped with an error (`reasons`, one per participant)
    /// while the coordinator still had rounds to run; it was then stopped (`coordinator`).
    case everyParticipantStopped(outputDirectory: String, appliedRounds: Int, reasons: [String], coordinator: ServerError)

    public var description: String {
        switch self {
        case let .everyParticipantStopped(directory, applied, reasons, coordinator):
            "every simulated participant stopped before the run ended, so no round could run any more "
                + "(\(reasons.joined(separator: "; "))); the coordinator then stopped: \(coordinator). "
                + "\(applied) rounds are applied and checkpointed in \(directory), where a run with the same settings "
                + "resumes them. A machine too busy to keep the connections alive drops them: free the machine or "
                + "simulate fewer participants, then run again"
        }
    }
}
