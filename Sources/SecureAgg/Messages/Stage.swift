/// The five stages of a secure-aggregation round (Bonawitz et al. 2017, Fig. 4).
/// A client message of a stage answers the server message that opened it.
public enum Stage: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Clients advertise two signed X25519 public keys (no server message opens it).
    case advertiseKeys = 0
    /// The server sends each client its neighbours' keys; clients send encrypted shares.
    case shareKeys = 1
    /// The server forwards the shares; clients send their masked vectors.
    case maskedInput = 2
    /// The server lists the survivors; clients sign that list.
    case consistencyCheck = 3
    /// The server shows the signatures and the dropped peers; clients reveal shares.
    case unmask = 4

    public var description: String {
        switch self {
        case .advertiseKeys: return "advertise-keys"
        case .shareKeys: return "share-keys"
        case .maskedInput: return "masked-input"
        case .consistencyCheck: return "consistency-check"
        case .unmask: return "unmask"
        }
    }
}
