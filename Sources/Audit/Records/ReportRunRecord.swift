import DifferentialPrivacy

/// The first record of a privacy report: what the run promises. An auditor
/// checks every round against it.
public struct ReportRunRecord: Codable, Sendable, Equatable {
    /// The run's id (hex): every round plan, and so every participant's receipt, names it.
    public var runID: String
    /// The coordinator's Ed25519 public key (hex) that signs every record.
    public var coordinatorKey: String
    /// The privacy facts the accountant works from: unit, relation, delta, planned z, bits.
    public var privacy: PrivacyRunHeader
    /// The largest epsilon (at `privacy.delta`) the run may reach; no round may exceed it.
    public var epsilonBudget: Double
    /// The accountant whose epsilon is held to the budget.
    public var accountant: AccountantKind
    /// The quantization and noise configuration every participant applies, or nil with DP off.
    public var quantization: ReportNoiseConfiguration?
    /// The secure-aggregation neighbour graph ("complete" or "sparse"), its degree k and threshold t.
    public var secureAggregation: SecureAggregationSummary?
    /// How rounds draw their participants from the roster (nil in reports
    /// written before it was recorded; the verifier then refuses a DP run).
    public var sampling: ReportSampling?
    /// SHA-256 (hex) of the enrolled roster when the run started.
    public var rosterHash: String
    /// The `chorus` version that wrote the report.
    public var softwareVersion: String
    /// When the run started, ISO 8601.
    public var startedAt: String

    public init(runID: String, coordinatorKey: String, privacy: PrivacyRunHeader, epsilonBudget: Double,
                accountant: AccountantKind, quantization: ReportNoiseConfiguration?,
                secureAggregation: SecureAggregationSummary?, rosterHash: String,
                softwareVersion: String, startedAt: String, sampling: ReportSampling? = nil) {
        self.runID = runID
        self.coordinatorKey = coordinatorKey
        self.privacy = privacy
        self.epsilonBudget = epsilonBudget
        self.accountant = accountant
        self.quantization = quantization
        self.secureAggregation = secureAggregation
        self.sampling = sampling
        self.rosterHash = rosterHash
        self.softwareVersion = softwareVersion
        self.startedAt = startedAt
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", coordinatorKey = "coordinator_key", privacy, epsilonBudget = "epsilon_budget", accountant
        case quantization, secureAggregation = "secure_aggregation", sampling, rosterHash = "roster_hash"
        case softwareVersion = "software_version", startedAt = "started_at"
    }
}

/// The secure-aggregation parameters a report records.
public struct SecureAggregationSummary: Codable, Sendable, Equatable {
    /// "complete" (SecAgg) or "sparse" (SecAgg+).
    public var graph: String
    /// Neighbours per participant.
    public var neighbours: Int
    /// Shares needed to reconstruct a secret (t).
    public var threshold: Int
    /// The threshold policy: the fraction of each round's members assumed to collude
    /// with the coordinator (C = ⌊fraction · n⌋), from which every round's lowest safe
    /// t follows (`ThresholdRule`); the verifier checks each round against it.
    public var toleratedCorruptFraction: Double?

    public init(graph: String, neighbours: Int, threshold: Int, toleratedCorruptFraction: Double? = nil) {
        self.graph = graph
        self.neighbours = neighbours
        self.threshold = threshold
        self.toleratedCorruptFraction = toleratedCorruptFraction
    }

    enum CodingKeys: String, CodingKey {
        case graph, neighbours, threshold, toleratedCorruptFraction = "tolerated_corrupt_fraction"
    }
}
