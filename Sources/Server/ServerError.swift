import Audit
import DifferentialPrivacy
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
    /// The run's quantization and noise parameters give no usable mechanism.
    case privacyParameters(FederationError)
    /// The accountant refused the numbers of `round` (the one to run, or the one just
    /// completed); the run cannot promise or report its epsilon.
    case accounting(round: UInt64, DifferentialPrivacyError)
    /// No noise multiplier reaches `targetEpsilon` over `rounds` rounds (`--target-epsilon`).
    case calibration(targetEpsilon: Double, rounds: Int, DifferentialPrivacyError)
    /// The completed round's sum could not be decoded into an average update.
    case decoding(round: UInt64, DifferentialPrivacyError)
    /// A round completed without first being committed (accounted and checkpointed)
    /// for its contributors: the coordinator refuses to use its sum.
    case uncommittedRound(round: UInt64)
    /// libsodium's CSPRNG was unavailable for `purpose` (participant sampling, the round seed).
    case noSecureRandomness(purpose: String, DifferentialPrivacyError)
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
        case .privacyParameters(let error): "privacy: \(error)"
        case .accounting(let round, let error): "privacy: cannot account round \(round): \(error)"
        case let .calibration(target, rounds, error):
            "privacy: cannot calibrate the noise for epsilon \(target) over \(rounds) rounds: \(error)"
        case .decoding(let round, let error): "privacy: cannot decode round \(round): \(error)"
        case .uncommittedRound(let round):
            "privacy: round \(round) completed without being committed for its contributors first"
        case .noSecureRandomness(let purpose, let error): "no secure randomness for \(purpose): \(error)"
        case .notEnoughParticipants(let reason): reason
        }
    }
}
