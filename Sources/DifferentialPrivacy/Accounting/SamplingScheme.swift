/// How a round's participants were drawn, which decides the amplification by
/// sampling its accounting may claim and the neighbouring relation it holds for.
public enum SamplingScheme: Sendable, Equatable, Hashable {
    /// Each member of the population independently with probability `rate`
    /// (0 < rate <= 1), decided before anyone's presence is known. Accounted
    /// under add-or-remove-one adjacency; rate 1 claims no amplification.
    case poisson(rate: Double)
    /// Exactly `sampleSize` of the `population` drawn uniformly without
    /// replacement. Accounted under replace-one adjacency (the population size
    /// is public), so the sensitivity of a sum of updates clipped to C is 2C.
    case withoutReplacement(sampleSize: Int, population: Int)

    /// The fraction of the population in a round: the rate, or m/N.
    public var fraction: Double {
        switch self {
        case .poisson(let rate): rate
        case let .withoutReplacement(m, n): Double(m) / Double(n)
        }
    }

    /// The same relation with the whole population taken, so no amplification:
    /// what a round costs against anyone who knows whether a participant was in it
    /// (the coordinator, and whoever reads a report that lists each round's sample).
    public var withoutAmplification: SamplingScheme {
        switch self {
        case .poisson: .poisson(rate: 1)
        case let .withoutReplacement(_, n): .withoutReplacement(sampleSize: n, population: n)
        }
    }

    /// The neighbouring relation the accounting holds for, as the report names it.
    public var neighbouringRelation: String {
        switch self {
        case .poisson: "add_or_remove_one"
        case .withoutReplacement: "replace_one"
        }
    }

    /// How much one unit's change moves the sum, in clip norms: 1 when it is
    /// added or removed, 2 when it is replaced by another.
    var sensitivityFactor: Double {
        switch self {
        case .poisson: 1
        case .withoutReplacement: 2
        }
    }

    /// - Throws: `.outOfRange` unless 0 < rate <= 1, or 1 <= m <= N.
    func validate() throws(DifferentialPrivacyError) {
        switch self {
        case .poisson(let rate):
            guard rate > 0, rate <= 1 else {
                throw .outOfRange(parameter: "sampling rate", value: rate, expected: "0 < q <= 1")
            }
        case let .withoutReplacement(m, n):
            guard n >= 1 else {
                throw .outOfRange(parameter: "population", value: Double(n), expected: ">= 1")
            }
            guard m >= 1, m <= n else {
                throw .outOfRange(parameter: "sample size", value: Double(m), expected: "1 ... \(n) (the population)")
            }
        }
    }
}
