import ChorusSupport
/// The `.bandStatistics` front end: each 1×H×W log-mel segment becomes
/// `4 · (b + 2)` features (see `FrontEnd.bandStatistics` for what they are),
/// written as `N × features` rows for the dense head.
///
/// Fixed, no parameters, and always the network's first layer, so it never
/// computes an input gradient. Sums run in `Double`; a constant profile (a
/// silent band, a flat spectrum) standardizes to zeros through the small
/// `epsilon` added to every spread.
final class BandStatistics: Layer {
    let input: Shape
    let bandsPerGroup: Int
    let output: Tensor
    let inputGradient: Tensor? = nil
    /// Features per segment.
    let features: Int
    /// dB added to each spread before dividing by it or taking its logarithm.
    static let epsilon = 1e-2

    init(input: Shape, bandsPerGroup: Int, batchCapacity: Int) {
        precondition(input.channels == 1 && bandsPerGroup >= 1 && bandsPerGroup <= input.height && input.width >= 2,
                     "band statistics need one channel, 1...height bands per group and 2 frames")
        self.input = input
        self.bandsPerGroup = bandsPerGroup
        features = FrontEnd.bandStatistics(bandsPerGroup: bandsPerGroup).outputCount(height: input.height, width: input.width)
        output = Tensor(shape: .vector(features), batchCapacity: batchCapacity)
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: input, batch: batch)
        summarize(x, batch: batch)
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        // The first layer: no parameters, and nothing consumes an input gradient.
    }

    /// Mean of `count` values.
    static func mean(_ count: Int, _ value: (Int) -> Double) -> Double {
        var sum = 0.0
        for index in 0..<count { sum += value(index) }
        return sum / Double(count)
    }

    /// Mean and population standard deviation of `count` values.
    static func meanAndDeviation(_ count: Int, _ value: (Int) -> Double) -> (mean: Double, deviation: Double) {
        let mean = mean(count, value)
        var squares = 0.0
        for index in 0..<count {
            let difference = value(index) - mean
            squares += difference * difference
        }
        return (mean, (squares / Double(count)).squareRoot())
    }
}
