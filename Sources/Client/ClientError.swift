import ChorusSupport
import DifferentialPrivacy
import Federation
import ML
import SecureAgg
import Transport

/// What ends a participant's session or one of its rounds, naming the cause.
public enum ClientError: Error, CustomStringConvertible {
    /// The coordinator's connection failed or refused us.
    case transport(TransportError)
    /// A frame from the coordinator that cannot be used.
    case message(FederationError)
    /// The secure-aggregation client gave up the round.
    case secureAggregation(SecureAggError)
    /// Local training or evaluation could not run on our data.
    case training(MLError)
    /// The plan's quantization and noise parameters give no usable mechanism.
    case privacyParameters(FederationError)
    /// The mechanism could not privatize the update (no secure randomness, a dimension mismatch).
    case privacy(DifferentialPrivacyError)
    /// The coordinator closed the connection without ending the run.
    case disconnected(reason: String)
    /// A round plan whose signature does not verify with the configured coordinator key:
    /// a misconfiguration (wrong --coordinator-key) or an attack, never a round to decline.
    case planSignature(round: UInt64)
    /// The participant's ledger or receipts could not be read or written.
    case ledger(FileError)
    /// The coordinator closed this connection because another one authenticated with
    /// the same key: two processes share one participant's key. Never retried, or
    /// the two would keep replacing each other.
    case replacedByAnotherConnection
    /// The participant's task was cancelled between connections (waiting to reconnect):
    /// whoever runs it stopped it; it makes no further attempt.
    case cancelled

    public var description: String {
        switch self {
        case .transport(let error): "coordinator connection: \(error)"
        case .message(let error): "coordinator sent a bad message: \(error)"
        case .secureAggregation(let error): "secure aggregation: \(error)"
        case .training(let error): "local training: \(error)"
        case .privacyParameters(let error): "the plan's privacy parameters: \(error)"
        case .privacy(let error): "privatizing the update: \(error)"
        case .disconnected(let reason): "the coordinator closed the connection before the run ended: \(reason)"
        case .planSignature(let round):
            "the plan of round \(round) is not signed by the coordinator key given with --coordinator-key: check that key (the coordinator's signing.pub), or someone else is sending plans"
        case .ledger(let error): "participant ledger: \(error)"
        case .replacedByAnotherConnection:
            "the coordinator closed this connection because another process connected with the same participant key: stop the other one (each participant needs its own key from `chorus keygen`), then join again"
        case .cancelled: "stopped before the run ended: the participant's task was cancelled while it waited to reconnect"
        }
    }
}

extension ClientError {
    /// True when the coordinator is away (closed, unreachable, silent) rather
    /// than refusing us or sending something wrong: worth trying again. A
    /// failed handshake counts only after a session: the coordinator may have
    /// died during it, whereas on a first connection it means a setup mistake.
    package func isConnectionLoss(afterSession: Bool) -> Bool {
        switch self {
        case .disconnected: true
        case .transport(let error):
            switch error {
            case .connectionClosed, .socket, .connectionRefused, .idleTimeout: true
            case .handshakeFailed: afterSession
            case .openSSL, .key, .file, .alreadyExists, .duplicateEnrollment, .notOnRoster, .notEnrolled, .keyRefused, .badPeerCertificate, .wire: false
            }
        case .message, .secureAggregation, .training, .privacyParameters, .privacy, .planSignature, .ledger,
             .replacedByAnotherConnection, .cancelled: false
        }
    }
}
