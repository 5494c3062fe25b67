import Transport

/// The frame types of the coordinator–participant protocol and their size limits.
///
/// Every frame carries the round it belongs to (`Frame.round`); each side checks
/// it against the round in progress and drops what belongs to another.
public enum FrameKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Coordinator → participant: the signed `RoundPlan` and the global model.
    case plan = 1
    /// Participant → coordinator: it will not take part in this round, and why.
    case decline = 2
    /// Participant → coordinator: a `SecureAgg.ClientMessage`.
    case secureAggClient = 3
    /// Coordinator → participant: a `SecureAgg.ServerMessage`.
    case secureAggServer = 4
    /// Participant → coordinator, secure aggregation off: the quantized update in the clear.
    case plainUpdate = 5
    /// Coordinator → participant: how the round ended, or that the run is over.
    case notice = 6

    public var description: String {
        switch self {
        case .plan: "plan"
        case .decline: "decline"
        case .secureAggClient: "secagg-client"
        case .secureAggServer: "secagg-server"
        case .plainUpdate: "plain-update"
        case .notice: "notice"
        }
    }
}

/// Format constants and the per-type frame limits.
public enum FederationWire {
    /// Version byte of plans, notices and plain updates. 2: plans carry the
    /// local augmentation; 3: plans carry the model's front end (an
    /// older peer gets a clear "unsupported version"); 4: plans carry the run id; 5: plans say what participants release
    /// (`Contribution`); 6: plans may ask for federated evaluation (`FederatedEvaluation`); 7: a notice
    /// may say the connection was replaced by another with the same key (`Notice.Outcome.replaced`).
    public static let version: UInt8 = 7
    /// Longest decline or notice text, in UTF-8 bytes.
    public static let maximumTextBytes = 1024
    /// Bytes allowed per round member for key rosters, forwarded shares and unmask
    /// requests (each member contributes well under 200 bytes to any of them).
    static let bytesPerMember = 1024
    /// Room for the plan's fixed fields, architecture and accountant history.
    static let planOverhead = 1 << 16

    /// The size limit of each frame type for models of `dimension` parameters and
    /// rounds of at most `participants` members; `evaluationCoordinates` more values
    /// ride in the update vector when participants evaluate (`FederatedEvaluation`).
    public static func frameLimits(dimension: Int, participants: Int, evaluationCoordinates: Int = 0) -> FrameLimits {
        let vector = 4 * UpdateLayout.vectorLength(dimension: dimension + evaluationCoordinates) + 64
        let members = participants * bytesPerMember + planOverhead
        return FrameLimits([
            FrameKind.plan.rawValue: planOverhead + members + 4 * dimension,
            FrameKind.decline.rawValue: maximumTextBytes + 8,
            FrameKind.secureAggClient.rawValue: max(vector, members),
            FrameKind.secureAggServer.rawValue: members,
            FrameKind.plainUpdate.rawValue: vector,
            FrameKind.notice.rawValue: maximumTextBytes + 8,
        ])
    }
}
