/// What a sampled participant releases in a round (`--dp-mode`).
///
/// `.modelUpdate` is iterative federated training: Δ = w_local − w after
/// local epochs, one noised release per round for many rounds. `.classStatistics`
/// is for frozen features (encoder embeddings, band statistics) under a linear
/// architecture: the participant releases the sufficient statistics of a
/// nearest-class-mean classifier (`ClassStatistics`) once, so the privacy
/// budget is spent on one (or a few) noised sums instead of every round's update.
/// Either way the vector is clipped, noised, quantized and summed exactly alike.
public enum Contribution: String, Sendable, Codable, CaseIterable, Equatable {
    case modelUpdate = "iterative"
    case classStatistics = "statistics"

    /// The byte on the wire.
    var wireValue: UInt8 {
        switch self {
        case .modelUpdate: 0
        case .classStatistics: 1
        }
    }

    init(wireValue: UInt8) throws(FederationError) {
        switch wireValue {
        case 0: self = .modelUpdate
        case 1: self = .classStatistics
        default: throw .invalidField(field: "plan.training.contribution", reason: "unknown contribution \(wireValue)")
        }
    }
}
