import DifferentialPrivacy

/// How the run draws each round's participants from its enrolled roster, as
/// the run record declares it: the auditor checks every round against it and
/// accounts every round with it.
public struct ReportSampling: Codable, Sendable, Equatable {
    /// "poisson" (each enrolled participant independently with probability
    /// `rate`; rate 1 takes everyone and claims no amplification) or
    /// "fixed_size" (`sample_size` of the roster without replacement).
    public var mode: String
    /// q: the Poisson rate, or sample_size / roster_size.
    public var rate: Double
    /// m for "fixed_size"; nil for "poisson".
    public var sampleSize: Int?
    /// N: the enrolled roster the samples are drawn from.
    public var rosterSize: Int

    public init(_ scheme: SamplingScheme, rosterSize: Int) {
        switch scheme {
        case .poisson(let rate):
            mode = "poisson"
            self.rate = rate
            sampleSize = nil
        case let .withoutReplacement(m, _):
            mode = "fixed_size"
            rate = scheme.fraction
            sampleSize = m
        }
        self.rosterSize = rosterSize
    }

    /// The scheme declared, or nil when the fields do not define one.
    public var scheme: SamplingScheme? {
        switch mode {
        case "poisson": return sampleSize == nil && rate > 0 && rate <= 1 ? .poisson(rate: rate) : nil
        case "fixed_size":
            guard let sampleSize, sampleSize >= 1, sampleSize <= rosterSize else { return nil }
            return .withoutReplacement(sampleSize: sampleSize, population: rosterSize)
        default: return nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case mode, rate, sampleSize = "sample_size", rosterSize = "roster_size"
    }
}
