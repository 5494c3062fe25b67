import Foundation

/// The one rule both sides use for the lowest safe Shamir threshold: the
/// coordinator picks t with it (`SecureAggParameters.derive`, the round
/// sampler), and every participant re-derives it from the round's own member
/// count and degree with *its own* collusion assumption and declines a plan
/// below it. A lower t lets an active coordinator show two halves of the
/// participants different survivor sets and collect both secrets of one
/// participant (see `Docs.docc/ParameterDerivation.md`).
public enum ThresholdRule {
    /// The lowest t for which an active coordinator with `colluders` (C)
    /// colluding participants never obtains both secrets of an honest one:
    /// t = ⌊(m + c)/2⌋ + 1 with m = k + 1 holders and c the corrupt holders,
    /// c = C on the complete graph (every participant is a holder) and, on the
    /// sparse graph, the c* that a uniformly random k-subset of the n − 1 others
    /// exceeds with probability at most 2^−(σ+1)/n (hypergeometric tail).
    /// - Parameters:
    ///   - participants: n, the round's members (at least 2).
    ///   - degree: k, neighbours per participant (n − 1 on the complete graph).
    ///   - colluders: C, participants assumed to collude with the coordinator.
    ///   - securityBits: σ (default 40).
    public static func lowestSafeThreshold(graph: SecureAggParameters.Graph, participants n: Int, degree k: Int,
                                           colluders: Int, securityBits: Double = 40) -> Int {
        let corrupt = max(0, min(colluders, n - 1))
        switch graph {
        case .complete:
            return (n + corrupt) / 2 + 1
        case .sparse:
            return (k + 1 + corruptNeighbourBound(participants: n, degree: k, colluders: corrupt,
                                                  securityBits: securityBits)) / 2 + 1
        }
    }

    /// c*: the smallest c with P[X > c] <= 2^−(σ+1)/n, X ~ H(n − 1, C, k), the
    /// corrupt neighbours of one participant on the sparse graph.
    static func corruptNeighbourBound(participants n: Int, degree k: Int, colluders: Int, securityBits: Double) -> Int {
        Hypergeometric(population: n - 1, successes: colluders, draws: k)
            .smallestBound(log2TailAtMost: -(securityBits + 1) - log2(Double(n)))
    }

    /// Why `parameters` are unsafe for a round of `participants` members against
    /// `colluders` colluding participants, or nil when t is at least the lowest safe threshold.
    public static func unsafeReason(_ parameters: SecureAggParameters, participants: Int, colluders: Int) -> String? {
        let lowest = lowestSafeThreshold(graph: parameters.graph, participants: participants, degree: parameters.degree,
                                         colluders: colluders)
        guard parameters.threshold < lowest else { return nil }
        return "secure-aggregation threshold \(parameters.threshold) of \(participants) members (\(parameters.graph.name) graph, "
            + "degree \(parameters.degree)) is below \(lowest), the lowest safe threshold with \(colluders) colluding participants"
    }

    /// The rule in words, for start-up lines and documentation.
    public static let statement = "t >= floor((n + C)/2) + 1 on the complete graph; t >= floor((k + 1 + c*)/2) + 1 on the sparse graph "
        + "(c*: corrupt neighbours exceeded with probability <= 2^-41/n)"
}

/// How many of a round's members a party assumes collude with the coordinator:
/// a fraction of the members (rounded down) or a fixed count.
public enum CollusionAssumption: Sendable, Equatable {
    case fraction(Double)
    case count(Int)

    /// The participant's default: a tenth of every round's members.
    public static let `default` = CollusionAssumption.fraction(0.1)

    /// C for a round of `members`.
    public func colluders(among members: Int) -> Int {
        switch self {
        case .fraction(let gamma): Int((gamma * Double(members)).rounded(.down))
        case .count(let count): min(count, members)
        }
    }

    public var description: String {
        switch self {
        case .fraction(let gamma): "a fraction \(gamma) of each round's members"
        case .count(let count): "\(count) of each round's members"
        }
    }
}
