import Client
import Foundation
import Server

/// What a simulated run produced.
public struct SimulationResult: Sendable {
    public var rounds: [RoundSummary]
    /// Why the run stopped before its last round (the privacy budget), if it did.
    public var stopReason: String?
    /// Rounds whose update was applied, and rounds started (applied or aborted), over every restart.
    public var appliedRounds: Int
    public var startedRounds: Int
    public var modelURL: URL
    public var checkpointURL: URL
    public var reportURL: URL
    /// The coordinator's signing key, hex: `chorus audit verify` checks the report against it.
    public var coordinatorKey: String
    /// Each participant's session summary, or the error that ended it.
    public var participants: [Result<Participant.Summary, ClientError>]
    /// Wall seconds of the rounds (setup excluded).
    public var seconds: Double
}
