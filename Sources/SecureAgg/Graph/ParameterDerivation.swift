import Foundation

extension SecureAggParameters {
    /// Chooses the neighbour degree k and threshold t for `participants` (n), with at
    /// most a fraction `dropoutFraction` (δ) dropping out and a fraction
    /// `corruptFraction` (γ) colluding with an active server.
    ///
    /// Holders of a participant's secrets are its k neighbours and itself (m = k + 1).
    /// - Privacy: an active server obtains both secrets of an honest participant only
    ///   if c + (m − c) ≥ 2t − c, i.e. 2t ≤ m + c, where c counts corrupt holders
    ///   (honest holders reveal one kind each). So t = ⌊(m + c*)/2⌋ + 1 where c* is
    ///   exceeded with probability ≤ 2^−(σ+1)/n. For the sparse graph the honest
    ///   survivors must also stay connected: the Harary ring loses connectivity only if
    ///   k/2 consecutive nodes are removed, which has probability ≤ n·Π(R−i)/(n−i)
    ///   over i < k/2, R = corrupt + dropped; we require ≤ 2^−(σ+1).
    /// - Correctness: each participant needs t of its neighbours to survive (a client
    ///   refuses to mask with fewer than t partners, see `SecureAggClient`); with D
    ///   random dropouts the dropped neighbours are hypergeometric and we require
    ///   P[k − dropped < t] ≤ 2^−η/n.
    /// The complete graph uses the worst case (all corrupt and dropped are holders):
    /// t = ⌊(n + C)/2⌋ + 1 and n − 1 − D ≥ t, with no probability of failure.
    /// The sparse graph takes the smallest even k meeting all three bounds, and falls
    /// back to the complete graph when none below n − 1 does.
    /// - Parameters:
    ///   - securityBits: σ, privacy failure at most 2^−σ (default 40).
    ///   - failureBits: η, round failure at most 2^−η (default 20).
    /// - Throws: `parametersInfeasible` when even the complete graph cannot meet them
    ///   (roughly when δ + γ/2 ≥ 1/2), or inputs are out of range.
    public static func derive(participants: Int, dropoutFraction: Double, corruptFraction: Double,
                              graph: Graph, securityBits: Double = 40,
                              failureBits: Double = 20) throws(SecureAggError) -> DerivedParameters {
        guard participants >= 2, participants <= WireFormat.maximumParticipants else {
            throw .parametersInfeasible(reason: "participants must be 2...\(WireFormat.maximumParticipants), is \(participants)")
        }
        guard (0..<1).contains(dropoutFraction), (0..<1).contains(corruptFraction) else {
            throw .parametersInfeasible(reason: "dropout and corrupt fractions must be in [0, 1)")
        }
        let n = participants
        let dropouts = Int((dropoutFraction * Double(n)).rounded(.up))
        let corrupt = Int((corruptFraction * Double(n)).rounded(.down))
        let failureTarget = -failureBits - log2(Double(n))
        if graph == .sparse {
            var degree = 2
            while degree < n - 1 {
                if let derived = sparse(n: n, degree: degree, dropouts: dropouts, corrupt: corrupt,
                                        failureTarget: failureTarget,
                                        securityBits: securityBits) {
                    return derived
                }
                degree += 2
            }
        }
        let threshold = ThresholdRule.lowestSafeThreshold(graph: .complete, participants: n, degree: n - 1, colluders: corrupt)
        guard n - 1 - dropouts >= threshold else {
            throw .parametersInfeasible(reason: "\(dropouts) dropouts leave \(n - 1 - dropouts) neighbours of each of \(n), below the threshold \(threshold) that \(corrupt) corrupt participants impose")
        }
        return DerivedParameters(parameters: SecureAggParameters(graph: .complete, degree: n - 1, threshold: threshold),
                                 participants: n, toleratedDropouts: dropouts, toleratedCorrupt: corrupt,
                                 log2PrivacyFailure: -.infinity, log2RoundFailure: -.infinity)
    }

    /// The sparse parameters of degree `degree`, or nil if they miss a bound.
    private static func sparse(n: Int, degree: Int, dropouts: Int, corrupt: Int,
                               failureTarget: Double, securityBits: Double) -> DerivedParameters? {
        let holders = degree + 1
        // Connectivity of the honest survivors: no k/2 consecutive ring positions all removed.
        let removed = corrupt + dropouts
        let window = degree / 2
        var log2Window = 0.0
        for i in 0..<window {
            if removed - i <= 0 { log2Window = -.infinity; break }
            log2Window += log2(Double(removed - i) / Double(n - i))
        }
        let log2Disconnect = log2(Double(n)) + log2Window
        guard log2Disconnect <= -(securityBits + 1) else { return nil }
        // Corrupt neighbours of an honest participant: hypergeometric(n − 1, C, k).
        let corruptNeighbours = Hypergeometric(population: n - 1, successes: corrupt, draws: degree)
        let maximumCorrupt = ThresholdRule.corruptNeighbourBound(participants: n, degree: degree, colluders: corrupt,
                                                                 securityBits: securityBits)
        let threshold = ThresholdRule.lowestSafeThreshold(graph: .sparse, participants: n, degree: degree, colluders: corrupt,
                                                          securityBits: securityBits)
        guard threshold <= holders else { return nil }
        // Dropped neighbours: the round fails for a participant if fewer than t holders survive.
        let droppedNeighbours = Hypergeometric(population: n - 1, successes: dropouts, draws: degree)
        let log2Failure = droppedNeighbours.log2UpperTail(above: degree - threshold)
        guard log2Failure <= failureTarget else { return nil }
        let log2Privacy = log2(exp2(log2(Double(n)) + corruptNeighbours.log2UpperTail(above: maximumCorrupt)) + exp2(log2Disconnect))
        return DerivedParameters(parameters: SecureAggParameters(graph: .sparse, degree: degree, threshold: threshold),
                                 participants: n, toleratedDropouts: dropouts, toleratedCorrupt: corrupt,
                                 log2PrivacyFailure: log2Privacy, log2RoundFailure: log2(Double(n)) + log2Failure)
    }
}
