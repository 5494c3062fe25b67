import ChorusSupport
import Federation
import Foundation
import Logging
import ML
import SecureAgg
import Transport

/// Everything a participant needs to join a coordinator.
public struct ParticipantConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The participant's identity: its TLS client key and the key that signs its
    /// secure-aggregation messages (the same Ed25519 key, enrolled on the roster).
    public var identity: Ed25519SigningKey
    /// The coordinator's CA, the only one trusted for its TLS certificate.
    public var trustedCA: Certificate
    /// The coordinator's signing key: round plans must verify with it.
    public var coordinatorKey: Ed25519PublicKey
    /// The participant's own segments; nil trains nothing and privatizes a
    /// synthetic update (protocol benchmarks).
    public var data: FeatureSet?
    public var policy: ParticipantPolicy
    /// Where the participant keeps its ledger (`ledger.json`) and the signed plans
    /// of the rounds it contributed to (`receipts/`): its identity directory;
    /// nil keeps the ledger in memory for this session only (simulations).
    public var stateDirectory: URL?
    /// Largest model (parameters) and round (members) whose frames are accepted.
    public var maximumParameters: Int
    public var maximumMembers: Int
    /// Seconds of silence from the coordinator before the connection is dropped
    /// (it sends heartbeats every third of that).
    public var readTimeout: Duration
    /// How long to keep reconnecting after losing the coordinator (zero: give up at once).
    public var reconnectWindow: Duration
    /// Called with each event of the session (tests and benchmarks watch it).
    public var observer: (@Sendable (ParticipantEvent) -> Void)?

    public init(host: String, port: Int, identity: Ed25519SigningKey, trustedCA: Certificate,
                coordinatorKey: Ed25519PublicKey, data: FeatureSet?, policy: ParticipantPolicy = ParticipantPolicy(), stateDirectory: URL? = nil,
                maximumParameters: Int = 1 << 23, maximumMembers: Int = 1 << 14,
                readTimeout: Duration = .seconds(60), reconnectWindow: Duration = .zero, observer: (@Sendable (ParticipantEvent) -> Void)? = nil) {
        self.host = host
        self.port = port
        self.identity = identity
        self.trustedCA = trustedCA
        self.coordinatorKey = coordinatorKey
        self.data = data
        self.policy = policy
        self.stateDirectory = stateDirectory
        self.maximumParameters = maximumParameters
        self.maximumMembers = maximumMembers
        self.readTimeout = readTimeout
        self.reconnectWindow = reconnectWindow
        self.observer = observer
    }
}

/// What happens in a participant's session, for observers.
public enum ParticipantEvent: Sendable {
    /// The update for `round` is ready (before masking).
    case update(round: UInt64, LocalUpdate)
    /// The secure-aggregation client answered `stage`'s message in `seconds` of compute.
    case answered(round: UInt64, stage: Stage, seconds: Double)
    case declined(round: UInt64, reason: String)
    /// The update for `round` left, carrying a noise share of std `noiseStandardDeviation`
    /// (update units); the participant's own epsilon is now `epsilon` at `delta`.
    case contributed(round: UInt64, noiseStandardDeviation: Double, epsilon: Double, delta: Double)
    /// The participant dropped out of `round` on purpose.
    case droppedOut(round: UInt64, DropoutPoint)
    /// It abandoned `round` (a check failed).
    case abandoned(round: UInt64, reason: String)
    case roundEnded(round: UInt64, Notice.Outcome)
}
