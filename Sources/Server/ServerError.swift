import Audit
import Federation
import ML
import Transport

/// What stops the coordinator, naming the file, setting or participant involved.
public enum ServerError: Error, Equatable, CustomStringConvertible {
    /// A configuration file or setting that cannot be used, with the reason.
    case config(path: String, reason: String)
    /// The listening socket or the PKI files.
    case transport(TransportError)
    /// The next round would take epsilon past the budget: the run stops before it.
    case budgetExhausted(round: UInt64, epsilon: Double, budget: Double)
    /// A checkpoint that cannot be written or read back.
    case checkpoint(path: String, reason: String)
    /// The privacy report could not be created, resumed or appended to.
    case report(AuditError)
    /// The model, its file or the held-out evaluation.
    case model(MLError)
    /// The DP mechanism or accountant refused the run's numbers.
    case privacy(reason: String)
    /// Too few participants are enrolled or connected to run a round.
    case notEnoughParticipants(reason: String)

    public var description: String {
        switch self {
        case .config(let path, let reason): "\(path): \(reason)"
        case .transport(let error): "\(error)"
        case .budgetExhausted(let round, let epsilon, let budget):
            "round \(round) would bring epsilon to \(epsilon), above the budget \(budget): the run stops here"
        case .checkpoint(let path, let reason): "checkpoint \(path): \(reason)"
        case .report(let error): "privacy report: \(error)"
        case .model(let error): "model: \(error)"
        case .privacy(let reason): "privacy: \(reason)"
        case .notEnoughParticipants(let reason): reason
        }
    }
}
