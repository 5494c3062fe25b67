/// The secure-aggregation parameters of one round as its configuration fixed them:
/// the auditor checks the threshold against the run's declared collusion
/// assumption with the same rule participants enforce (`ThresholdRule`).
public struct RoundSecureAggregation: Codable, Sendable, Equatable {
    /// Members of the round's configuration (those connected among the sampled).
    public var members: Int
    /// "complete" (SecAgg) or "sparse" (SecAgg+).
    public var graph: String
    /// Neighbours per member.
    public var degree: Int
    /// Shares needed to rebuild a secret (t).
    public var threshold: Int

    public init(members: Int, graph: String, degree: Int, threshold: Int) {
        self.members = members
        self.graph = graph
        self.degree = degree
        self.threshold = threshold
    }
}
