import Foundation

/// The Rényi DP of adding the sum of n independent discrete Gaussians
/// N_Z(0, σ²)^d to an integer vector whose L2 and L1 sensitivities are Δ₂ and
/// Δ₁: Kairouz, Liu and Steinke 2021 ("The distributed discrete Gaussian
/// mechanism for federated learning with secure aggregation"), Proposition 14
/// with Theorem 1's τ, the bound Google's distributed_dp accounting uses:
///
///     ε(α) = min( α/2·s₂² + τd,  α/2·(s₂² + 2s₁τ + τ²d),  α/2·(s₂ + τ·sqrt(d))² ),
///     s₂ = Δ₂/(sqrt(n)σ), s₁ = Δ₁/(sqrt(n)σ), τ = 10·Σ_{k=1}^{n−1} exp(−2π²σ²·k/(k+1)).
///
/// τ measures how far the sum of n discrete Gaussians is from one discrete
/// Gaussian of variance nσ² (0 for n = 1); for σ >= 2 it is below 1e-30.
public struct DiscreteGaussianSum: Codable, Sendable, Equatable, Hashable {
    /// s₂ = Δ₂/(sqrt(n)σ): the L2 sensitivity over the summed noise's std.
    public var l2Scale: Double
    /// s₁ = Δ₁/(sqrt(n)σ).
    public var l1Scale: Double
    /// τ of Theorem 1.
    public var tau: Double
    /// d, the vector's length.
    public var dimension: Int

    enum CodingKeys: String, CodingKey {
        case l2Scale = "l2_scale", l1Scale = "l1_scale", tau, dimension
    }

    public init(l2Scale: Double, l1Scale: Double, tau: Double, dimension: Int) {
        self.l2Scale = l2Scale
        self.l1Scale = l1Scale
        self.tau = tau
        self.dimension = dimension
    }

    /// The sum of `shares` discrete Gaussians of parameter `sigma` on a vector
    /// of `dimension` integers whose rounded L2 norm is at most `sensitivity`:
    /// Δ₁ = Δ₂·min(sqrt(d), Δ₂) (an integer vector's L1 norm is at most its
    /// squared L2 norm). These are the sensitivities of adding or removing one
    /// vector; `curve(sampling:orders:)` doubles them under replace-one.
    public init(shares: Int, sigma: Double, sensitivity: Double, dimension: Int) {
        let n = Double(shares), d = Double(dimension)
        let l2 = sensitivity
        let l1 = sensitivity * min(d.squareRoot(), sensitivity)
        var sum = 0.0
        if shares >= 2 {
            for k in 1..<shares {
                let term = exp(-2 * Double.pi * Double.pi * sigma * sigma * Double(k) / Double(k + 1))
                if term == 0 { break }
                sum += term
            }
        }
        self.init(l2Scale: l2 / (n.squareRoot() * sigma), l1Scale: l1 / (n.squareRoot() * sigma),
                  tau: 10 * sum, dimension: dimension)
    }

    /// ε(α) for an integer or real order α > 1.
    public func rdp(order alpha: Double) -> Double {
        let d = Double(dimension)
        let first = alpha / 2 * l2Scale * l2Scale + tau * d
        let second = alpha / 2 * (l2Scale * l2Scale + 2 * l1Scale * tau + tau * tau * d)
        let third = alpha / 2 * pow(l2Scale + tau * d.squareRoot(), 2)
        return min(first, second, third)
    }

    /// The Gaussian noise multiplier with the same L2 scale, 1/s₂, for readers
    /// (the accounting uses the whole bound).
    public var noiseMultiplier: Double { 1 / l2Scale }

    /// RDP at each order after `sampling`: the bound itself at rate 1; else the
    /// smaller of it and the generic subsampling bound (Zhu–Wang for Poisson,
    /// Wang–Balle–Kasiviswanathan Theorem 9 without replacement, with the
    /// sensitivities doubled for its replace-one relation), which holds at
    /// integer orders only: other orders are +infinity, never the minimum.
    func curve(sampling: SamplingScheme, orders: [Double]) -> [Double] {
        let q = sampling.fraction
        var base = self
        base.l2Scale *= sampling.sensitivityFactor
        base.l1Scale *= sampling.sensitivityFactor
        let rdp: (Int) -> Double = { base.rdp(order: Double($0)) }
        return orders.map { alpha in
            let unamplified = base.rdp(order: alpha)
            if q == 1 { return unamplified }
            guard alpha.isFinite, alpha.rounded() == alpha, alpha >= 2 else { return .infinity }
            let logA: Double
            switch sampling {
            case .poisson: logA = SubsampledRDP.poissonLogA(order: Int(alpha), samplingRate: q, rdp: rdp)
            case .withoutReplacement: logA = SubsampledRDP.withoutReplacementLogA(order: Int(alpha), fraction: q, rdp: rdp)
            }
            return min(unamplified, logA / (alpha - 1))
        }
    }
}
