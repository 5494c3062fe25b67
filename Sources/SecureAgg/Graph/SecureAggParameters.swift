/// The neighbour graph and Shamir threshold of a round.
///
/// Every participant masks with each of its `degree` neighbours and Shamir-shares
/// its two secrets among its neighbours and itself (`degree + 1` holders), any
/// `threshold` of whom rebuild them. Derive values with `derive(...)`; see
/// `Docs.docc/ParameterDerivation.md` for the bounds.
public struct SecureAggParameters: Equatable, Sendable {
    /// The shape of the neighbour graph.
    public enum Graph: UInt8, Sendable, CaseIterable {
        /// Everyone is everyone's neighbour: SecAgg (Bonawitz et al. 2017).
        case complete = 0
        /// A random k-regular graph (a Harary graph under a random relabelling): SecAgg+ (Bell et al. 2020).
        case sparse = 1

        /// The graph's name in configuration files, reports and command lines.
        public var name: String {
            switch self {
            case .complete: "complete"
            case .sparse: "sparse"
            }
        }

        /// The graph named `name`, or nil for an unknown name.
        public init?(name: String) {
            guard let graph = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = graph
        }
    }

    public let graph: Graph
    /// Neighbours per participant, k (n − 1 for the complete graph; even for the sparse one).
    public let degree: Int
    /// Shares needed to rebuild a secret, t (of degree + 1 holders).
    public let threshold: Int

    public init(graph: Graph, degree: Int, threshold: Int) {
        self.graph = graph
        self.degree = degree
        self.threshold = threshold
    }

    /// Throws `invalidConfiguration` unless these parameters fit a round of `participants`.
    func validate(participants: Int) throws(SecureAggError) {
        guard participants >= 2 else {
            throw .invalidConfiguration(reason: "a round needs at least 2 participants, has \(participants)")
        }
        switch graph {
        case .complete:
            guard degree == participants - 1 else {
                throw .invalidConfiguration(reason: "complete graph of \(participants) has degree \(participants - 1), not \(degree)")
            }
        case .sparse:
            guard degree >= 2, degree % 2 == 0, degree < participants - 1 else {
                throw .invalidConfiguration(reason: "sparse degree must be even, at least 2 and below \(participants - 1); is \(degree)")
            }
        }
        guard threshold >= 1, threshold <= degree + 1 else {
            throw .invalidConfiguration(reason: "threshold \(threshold) outside 1...\(degree + 1) (holders per secret)")
        }
    }
}

/// Parameters derived for stated adversary and dropout bounds, with the
/// probabilities the derivation guarantees (as base-2 logarithms).
public struct DerivedParameters: Equatable, Sendable {
    public let parameters: SecureAggParameters
    public let participants: Int
    /// Participants that may drop out, ⌈δn⌉.
    public let toleratedDropouts: Int
    /// Participants that may collude with the server, ⌊γn⌋.
    public let toleratedCorrupt: Int
    /// log2 of the bound on the probability that the server learns more than the sum
    /// (some honest participant's two secrets, or a split of the honest survivors); −∞ when 0.
    public let log2PrivacyFailure: Double
    /// log2 of the bound on the probability that a round with at most the tolerated
    /// dropouts cannot be unmasked; −∞ when 0.
    public let log2RoundFailure: Double
}
