import Foundation

/// The privacy loss of the Poisson-subsampled Gaussian mechanism with L2
/// sensitivity 1 under add/remove adjacency, and its pessimistic
/// connect-the-dots discretization (Doroshenko, Ghazi, Kamath, Kumar,
/// Manurangsi 2022), with dp-accounting 0.6.0's defaults: noise tails beyond
/// probability e^-50 cut, losses on a grid of `interval` (1e-4).
///
/// With noise N(0, σ²) = μ and sampling rate q:
/// - remove: μ_upper = (1-q)·μ + q·μ(· + 1), μ_lower = μ;
/// - add:    μ_upper = μ, μ_lower = (1-q)·μ + q·μ(· - 1).
/// The loss log(μ_upper/μ_lower)(x) decreases in x.
struct GaussianPrivacyLoss: Sendable {
    enum Adjacency: Sendable { case add, remove }

    var sigma: Double
    var samplingRate: Double
    var adjacency: Adjacency

    /// log of the noise mass dp-accounting may discard (`log_mass_truncation_bound`).
    static let logMassTruncation = -50.0

    /// The loss at x.
    func loss(at x: Double) -> Double {
        switch adjacency {
        case .remove: return removeLoss(at: x)
        case .add: return -removeLoss(at: -x)
        }
    }

    private func removeLoss(at x: Double) -> Double {
        let plain = (-0.5 - x) / (sigma * sigma)
        if samplingRate == 1 { return plain }
        return SpecialFunctions.logATimesExpBPlusC(samplingRate, plain, 1 - samplingRate)
    }

    /// The largest x whose loss is at least `loss`.
    func inverseLoss(_ loss: Double) -> Double {
        let q = samplingRate, variance = sigma * sigma
        switch adjacency {
        case .remove:
            if q == 1 { return -0.5 - loss * variance }
            if isClose(loss, log1p(-q)) { return .infinity }
            let plain = SpecialFunctions.logATimesExpBPlusC(1 / q, loss, 1 - 1 / q)
            return -0.5 - plain * variance
        case .add:
            if q == 1 { return 0.5 - loss * variance }
            if isClose(loss, -log1p(-q)) { return -.infinity }
            let plain = -SpecialFunctions.logATimesExpBPlusC(1 / q, -loss, 1 - 1 / q)
            return 0.5 - plain * variance
        }
    }

    /// Python's `math.isclose` with its default relative tolerance 1e-9.
    private func isClose(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }

    private func upperCDF(_ x: Double) -> Double {
        let q = samplingRate
        switch adjacency {
        case .add: return SpecialFunctions.normalCDF(x / sigma)
        case .remove:
            if q == 1 { return SpecialFunctions.normalCDF((x + 1) / sigma) }
            return (1 - q) * SpecialFunctions.normalCDF(x / sigma) + q * SpecialFunctions.normalCDF((x + 1) / sigma)
        }
    }

    private func lowerLogCDF(_ x: Double) -> Double {
        let q = samplingRate
        switch adjacency {
        case .remove: return SpecialFunctions.logNormalCDF(x / sigma)
        case .add:
            if q == 1 { return SpecialFunctions.logNormalCDF((x - 1) / sigma) }
            return SpecialFunctions.logAdd(log1p(-q) + SpecialFunctions.logNormalCDF(x / sigma),
                                           log(q) + SpecialFunctions.logNormalCDF((x - 1) / sigma))
        }
    }

    /// The hockey-stick divergence delta(ε) of the mechanism, clipped to [0, 1].
    func delta(forEpsilon epsilon: Double) -> Double {
        let q = samplingRate
        if q < 1 {
            switch adjacency {
            case .add where epsilon >= -log1p(-q): return 0
            case .remove where epsilon <= log1p(-q): return min(1, max(0, -expm1(epsilon)))
            default: break
            }
        }
        let x = inverseLoss(epsilon)
        let delta = upperCDF(x) - exp(epsilon + lowerLogCDF(x))
        return min(1, max(0, delta))
    }

    /// The grid indices of the smallest and largest finite loss kept: the
    /// losses at the noise quantiles of mass e^-50/2 on either side.
    func gridBounds(interval: Double) -> (lower: Int, upper: Int) {
        var lowerX = sigma * SpecialFunctions.normalQuantile(logProbability: log(0.5) + Self.logMassTruncation)
        var upperX = -lowerX
        switch adjacency {
        case .add: upperX += 1
        case .remove: lowerX -= 1
        }
        let upper = (loss(at: lowerX) / interval).rounded(.up)
        let lower = (loss(at: upperX) / interval).rounded(.down)
        // Clamped so the conversion cannot trap; callers refuse grids this wide.
        let limit = 1e15
        return (Int(max(-limit, min(limit, lower))), Int(max(-limit, min(limit, upper))))
    }

    /// The pessimistic connect-the-dots PMF on the grid `interval`.
    func pmf(interval: Double) -> PrivacyLossPMF {
        let (lowerIndex, upperIndex) = gridBounds(interval: interval)
        var deltas = (lowerIndex...upperIndex).map { delta(forEpsilon: Double($0) * interval) }
        if lowerIndex == upperIndex {
            return PrivacyLossPMF(interval: interval, lowerLoss: lowerIndex,
                                  probabilities: [1 - deltas[0]], infinityMass: deltas[0])
        }
        // Deltas must not increase; floating-point noise is removed by a running minimum.
        for i in 1..<deltas.count { deltas[i] = min(deltas[i], deltas[i - 1]) }
        let growth = expm1(interval), shrink = expm1(-interval), e = exp(interval)
        var probabilities = [Double](repeating: 0, count: deltas.count)
        let last = deltas.count - 1
        probabilities[0] = 1 - deltas[0] + (deltas[1] - deltas[0]) / growth
        if last >= 2 {
            for i in 1..<last {
                let next = deltas[i + 1] - deltas[i], previous = deltas[i] - deltas[i - 1]
                probabilities[i] = (next - previous * e) / growth
            }
        }
        probabilities[last] = (deltas[last] - deltas[last - 1]) / shrink
        for i in probabilities.indices where probabilities[i] < 0 { probabilities[i] = 0 }
        return PrivacyLossPMF(interval: interval, lowerLoss: lowerIndex,
                              probabilities: probabilities, infinityMass: deltas[last])
    }
}
