import ChorusSupport
import Foundation

extension SeededGenerator {
    /// A uniform index in 0..<bound (modulo reduction; the bias, below bound/2^64, is immaterial here).
    mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next() % UInt64(bound))
    }

    /// Shuffles `array` by Fisher-Yates with this generator. Unlike the standard
    /// library's `shuffle(using:)`, whose algorithm may change between Swift
    /// versions, the order is fixed for a seed forever.
    mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, index(below: i + 1))
        }
    }

    /// A Gamma(shape, 1) sample by Marsaglia and Tsang's method (2000), with
    /// the U^(1/shape) boost for shapes below 1.
    mutating func gamma(shape: Double) -> Double {
        precondition(shape > 0, "Gamma shape must be positive")
        if shape < 1 {
            return gamma(shape: shape + 1) * pow(1 - unit(), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = nextGaussian()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = 1 - unit()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// A sample of the symmetric Dirichlet(alpha, …, alpha) distribution over `count` outcomes.
    mutating func dirichlet(alpha: Double, count: Int) -> [Double] {
        let draws = (0..<count).map { _ in gamma(shape: alpha) }
        let total = draws.reduce(0, +)
        guard total > 0 else {
            // Every draw underflowed (tiny alpha): all mass on one outcome, as the limit alpha → 0 gives.
            var point = [Double](repeating: 0, count: count)
            point[index(below: count)] = 1
            return point
        }
        return draws.map { $0 / total }
    }
}
