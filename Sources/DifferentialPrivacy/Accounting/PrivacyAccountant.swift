import Foundation

/// Which accountant turns the rounds into (epsilon, delta).
public enum AccountantKind: String, Codable, Sendable, CaseIterable {
    /// Rényi DP at dp-accounting's default orders: fast, slightly loose.
    case rdp
    /// Privacy loss distributions (connect-the-dots, grid 1e-4): tighter.
    case pld
}

/// One kind of round: a sample drawn by `sampling` (Poisson at `samplingRate`,
/// or `sampleSize` of `population` without replacement), then either the
/// Gaussian mechanism with `noiseMultiplier` (noise std over the clip norm) or,
/// when `discreteGaussian` is set, the sum of discrete Gaussian shares it
/// describes; repeated `rounds` times.
public struct RoundGroup: Codable, Sendable, Equatable {
    /// q: the Poisson rate, or m/N without replacement.
    public var samplingRate: Double
    /// The Gaussian's z; for a discrete Gaussian sum, its 1/s₂ (for readers).
    public var noiseMultiplier: Double
    public var rounds: Int
    /// m and N when the sample is drawn without replacement; nil for Poisson.
    public var sampleSize: Int?
    public var population: Int?
    /// The distributed discrete Gaussian the rounds are accounted with (its own
    /// RDP bound); nil for the continuous Gaussian.
    public var discreteGaussian: DiscreteGaussianSum?

    /// How the rounds' samples were drawn.
    public var sampling: SamplingScheme {
        if let sampleSize, let population { return .withoutReplacement(sampleSize: sampleSize, population: population) }
        return .poisson(rate: samplingRate)
    }

    enum CodingKeys: String, CodingKey {
        case samplingRate = "sampling_rate"
        case noiseMultiplier = "noise_multiplier"
        case rounds
        case sampleSize = "sample_size", population, discreteGaussian = "discrete_gaussian"
    }

    /// RDP of one round at each of `orders`.
    func curve(orders: [Double]) -> [Double] {
        if let discreteGaussian { return discreteGaussian.curve(sampling: sampling, orders: orders) }
        switch sampling {
        case .poisson(let q):
            return RenyiDP.subsampledGaussian(samplingRate: q, noiseMultiplier: noiseMultiplier, orders: orders)
        case .withoutReplacement:
            // Replace-one moves a sum of updates clipped to C by up to 2C.
            return SubsampledRDP.gaussianWithoutReplacement(fraction: samplingRate, noiseMultiplier: noiseMultiplier / 2,
                                                            orders: orders)
        }
    }
}

/// The privacy spent by a run, built round by round: each round adds its own
/// sampling rate and its own effective noise multiplier (from the survivors
/// that really added noise). Composition is commutative, so rounds with equal
/// (q, z) are kept as one group with a count: the state stays small however
/// many rounds run, and it is `Codable` for the coordinator's checkpoints.
///
/// Unit of privacy: whatever one unit of sensitivity protects; with client
/// clipping, one participant's whole contribution to a round (client-level DP).
/// Neighbouring relation: add or remove one unit (dp-accounting's default) for
/// Poisson sampling, replace one unit for sampling without replacement (the
/// population size is then public); a run uses one scheme throughout.
public struct PrivacyAccountant: Codable, Sendable, Equatable {
    /// The distinct kinds of round so far, in order of first appearance.
    public private(set) var groups: [RoundGroup] = []

    /// The PLD grid step (dp-accounting's default `value_discretization_interval`).
    public static let pldInterval = 1e-4
    /// Largest PLD grid a single round may need; a smaller noise multiplier
    /// would need gigabytes, and is refused with an error.
    static let maximumGridPoints = 40_000_000

    public init() {}

    enum CodingKeys: String, CodingKey { case groups }

    /// Decodes a checkpoint, re-checking every group so corrupt state is an
    /// error rather than a wrong budget.
    public init(from decoder: any Decoder) throws {
        let groups = try decoder.container(keyedBy: CodingKeys.self).decode([RoundGroup].self, forKey: .groups)
        for group in groups {
            if let discrete = group.discreteGaussian {
                try addRounds(sampling: group.sampling, discreteGaussian: discrete, count: group.rounds)
            } else {
                try addRounds(sampling: group.sampling, noiseMultiplier: group.noiseMultiplier, count: group.rounds)
            }
        }
    }

    /// Total number of rounds composed.
    public var rounds: Int { groups.reduce(0) { $0 + $1.rounds } }

    /// Adds `count` rounds of the Gaussian with noise multiplier `z` on a
    /// Poisson sample of rate `q`.
    /// - Throws: `.outOfRange` unless 0 < q <= 1, z > 0 (finite) and count >= 1.
    public mutating func addRounds(samplingRate q: Double, noiseMultiplier z: Double,
                                   count: Int = 1) throws(DifferentialPrivacyError) {
        try addRounds(sampling: .poisson(rate: q), noiseMultiplier: z, count: count)
    }

    /// Adds `count` rounds of the Gaussian with noise multiplier `z` (noise std
    /// over the clip norm C) on a sample drawn by `sampling`; without
    /// replacement the sensitivity under replace-one is 2C.
    /// - Throws: `.outOfRange` for an invalid scheme, z <= 0 or count < 1.
    public mutating func addRounds(sampling: SamplingScheme, noiseMultiplier z: Double,
                                   count: Int = 1) throws(DifferentialPrivacyError) {
        try Self.validate(samplingRate: sampling.fraction, noiseMultiplier: z)
        try sampling.validate()
        try add(Self.group(sampling, noiseMultiplier: z, discrete: nil), count: count)
    }

    /// Adds `count` rounds of the distributed discrete Gaussian `sum` on a
    /// sample drawn by `sampling`, accounted with its own RDP bound.
    /// - Throws: `.outOfRange` for an invalid scheme, a non-positive scale or count < 1.
    public mutating func addRounds(sampling: SamplingScheme, discreteGaussian sum: DiscreteGaussianSum,
                                   count: Int = 1) throws(DifferentialPrivacyError) {
        try sampling.validate()
        guard sum.l2Scale > 0, sum.l2Scale.isFinite, sum.l1Scale >= 0, sum.l1Scale.isFinite,
              sum.tau >= 0, sum.tau.isFinite, sum.dimension >= 1 else {
            throw .outOfRange(parameter: "discrete Gaussian L2 scale", value: sum.l2Scale,
                              expected: "finite positive scales, tau >= 0 and a dimension >= 1")
        }
        try add(Self.group(sampling, noiseMultiplier: sum.noiseMultiplier, discrete: sum), count: count)
    }

    private static func group(_ sampling: SamplingScheme, noiseMultiplier: Double, discrete: DiscreteGaussianSum?) -> RoundGroup {
        var group = RoundGroup(samplingRate: sampling.fraction, noiseMultiplier: noiseMultiplier, rounds: 0,
                               discreteGaussian: discrete)
        if case let .withoutReplacement(m, n) = sampling {
            group.sampleSize = m
            group.population = n
        }
        return group
    }

    private mutating func add(_ group: RoundGroup, count: Int) throws(DifferentialPrivacyError) {
        guard count >= 1 else {
            throw .outOfRange(parameter: "rounds", value: Double(count), expected: ">= 1")
        }
        var key = group
        if let index = groups.firstIndex(where: { var other = $0; other.rounds = 0; return other == key }) {
            groups[index].rounds += count
        } else {
            key.rounds = count
            groups.append(key)
        }
    }

    static func validate(samplingRate q: Double, noiseMultiplier z: Double) throws(DifferentialPrivacyError) {
        guard q > 0, q <= 1 else {
            throw .outOfRange(parameter: "sampling rate", value: q, expected: "0 < q <= 1")
        }
        guard z > 0, z.isFinite else {
            throw .outOfRange(parameter: "noise multiplier", value: z, expected: "a finite z > 0")
        }
    }

    static func validate(delta: Double) throws(DifferentialPrivacyError) {
        guard delta > 0, delta < 1 else {
            throw .outOfRange(parameter: "delta", value: delta, expected: "0 < delta < 1")
        }
    }

    /// The composed RDP curve at `RenyiDP.defaultOrders`.
    public var rdpCurve: [Double] {
        var total = [Double](repeating: 0, count: RenyiDP.defaultOrders.count)
        for group in groups {
            let curve = group.curve(orders: RenyiDP.defaultOrders)
            for i in total.indices { total[i] += Double(group.rounds) * curve[i] }
        }
        return total
    }

    /// The smallest epsilon such that the run so far is (epsilon, delta)-DP;
    /// 0 before any round.
    /// - Throws: `.outOfRange` unless 0 < delta < 1, or when a round's noise is
    ///   too small for the PLD grid.
    public func epsilon(delta: Double, accountant: AccountantKind) throws(DifferentialPrivacyError) -> Double {
        try Self.validate(delta: delta)
        if groups.isEmpty { return 0 }
        switch accountant {
        case .rdp:
            return RenyiDP.epsilon(orders: RenyiDP.defaultOrders, rdp: rdpCurve, delta: delta).epsilon
        case .pld:
            return try worstAdjacency { $0.epsilon(forDelta: delta) }
        }
    }

    /// The smallest delta such that the run so far is (epsilon, delta)-DP.
    /// - Throws: `.outOfRange` unless epsilon >= 0 (finite).
    public func delta(epsilon: Double, accountant: AccountantKind) throws(DifferentialPrivacyError) -> Double {
        guard epsilon >= 0, epsilon.isFinite else {
            throw .outOfRange(parameter: "epsilon", value: epsilon, expected: "a finite epsilon >= 0")
        }
        if groups.isEmpty { return 0 }
        switch accountant {
        case .rdp:
            return RenyiDP.delta(orders: RenyiDP.defaultOrders, rdp: rdpCurve, epsilon: epsilon).delta
        case .pld:
            return try worstAdjacency { $0.delta(forEpsilon: epsilon) }
        }
    }

    /// The larger of `measure` over the removal and addition PLDs.
    private func worstAdjacency(_ measure: (PrivacyLossPMF) -> Double) throws(DifferentialPrivacyError) -> Double {
        let (remove, add) = try composedPLD()
        return max(measure(remove), add.map(measure) ?? 0)
    }

    /// The composed PLDs for removal and, when some round is subsampled
    /// (q < 1, where the two differ), for addition. The PLD covers only the
    /// continuous Gaussian on a Poisson sample: a discrete Gaussian sum or a
    /// sample without replacement is refused (its RDP bound is the sound one).
    func composedPLD() throws(DifferentialPrivacyError) -> (remove: PrivacyLossPMF, add: PrivacyLossPMF?) {
        if let group = groups.first(where: { $0.discreteGaussian != nil || $0.sampleSize != nil }) {
            throw .unsupported(reason: group.discreteGaussian != nil
                ? "the PLD accountant covers the continuous Gaussian only; rounds of the distributed discrete Gaussian are accounted with RDP"
                : "the PLD accountant covers Poisson sampling only; sampling without replacement is accounted with RDP")
        }
        var removeGroups: [(pmf: PrivacyLossPMF, count: Int)] = []
        var addGroups: [(pmf: PrivacyLossPMF, count: Int)] = []
        for group in groups {
            let remove = try Self.pmf(group, .remove)
            removeGroups.append((remove, group.rounds))
            // With q = 1 both adjacencies give the same PLD (dp-accounting reuses it too).
            addGroups.append((group.samplingRate == 1 ? remove : try Self.pmf(group, .add), group.rounds))
        }
        let symmetric = groups.allSatisfy { $0.samplingRate == 1 }
        let remove = try PLDComposition.compose(removeGroups)
        return (remove, symmetric ? nil : try PLDComposition.compose(addGroups))
    }

    private static func pmf(_ group: RoundGroup, _ adjacency: GaussianPrivacyLoss.Adjacency) throws(DifferentialPrivacyError) -> PrivacyLossPMF {
        let loss = GaussianPrivacyLoss(sigma: group.noiseMultiplier, samplingRate: group.samplingRate,
                                       adjacency: adjacency)
        let bounds = loss.gridBounds(interval: pldInterval)
        guard bounds.upper - bounds.lower < maximumGridPoints else {
            throw .outOfRange(parameter: "noise multiplier", value: group.noiseMultiplier,
                              expected: "a value whose PLD fits \(maximumGridPoints) grid points; use the RDP accountant")
        }
        return loss.pmf(interval: pldInterval)
    }
}
