import ChorusSupport
import Foundation
/// The `.bandStatistics` front end: each 1×H×W log-mel segment becomes
/// `4 · (b + 2)` features (see `FrontEnd.bandStatistics` for what they are),
/// written as `N × features` rows for the dense head.
///
/// Fixed, no parameters, and always the network's first layer, so it never
/// computes an input gradient. Sums run in `Double`; a constant profile (a
/// silent band, a flat spectrum) standardizes to zeros through the small
/// `epsilon` added to every spread.
final class BandStatistics: BufferedLayer {
    let input: Shape
    let bandsPerGroup: Int
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer? = nil
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
        outputBuffer = FloatBuffer(count: batchCapacity * features)
    }

    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let bands = input.height / bandsPerGroup
        let frames = input.width
        var row = [Double](repeating: 0, count: frames)
        // The four profiles, one value per band row: mean, spread, mean |change|, spread of change.
        var profiles = [[Double]](repeating: [Double](repeating: 0, count: bands), count: 4)
        for sample in 0..<batch {
            let segment = x + sample * input.count
            for band in 0..<bands {
                for frame in 0..<frames { row[frame] = 0 }
                for offset in 0..<bandsPerGroup {
                    let source = segment + (band * bandsPerGroup + offset) * frames
                    for frame in 0..<frames { row[frame] += Double(source[frame]) }
                }
                for frame in 0..<frames { row[frame] /= Double(bandsPerGroup) }
                let level = Self.meanAndDeviation(frames) { row[$0] }
                let change = Self.meanAndDeviation(frames - 1) { row[$0 + 1] - row[$0] }
                profiles[0][band] = level.mean
                profiles[1][band] = level.deviation
                profiles[2][band] = Self.mean(frames - 1) { abs(row[$0 + 1] - row[$0]) }
                profiles[3][band] = change.deviation
            }
            var out = output + sample * features
            for (index, profile) in profiles.enumerated() {
                let summary = Self.meanAndDeviation(bands) { profile[$0] }
                let spread = summary.deviation + Self.epsilon
                for band in 0..<bands { out[band] = Float((profile[band] - summary.mean) / spread) }
                // The level: dB means as the image front end scales them, positive dB spreads by their logarithm.
                out[bands] = Float(index == 0 ? (summary.mean + 40) / 40 : log(summary.mean + Self.epsilon))
                out[bands + 1] = Float(log(spread))
                out += bands + 2
            }
        }
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        // The first layer: no parameters, and nothing consumes an input gradient.
    }

    /// Mean of `count` values.
    private static func mean(_ count: Int, _ value: (Int) -> Double) -> Double {
        var sum = 0.0
        for index in 0..<count { sum += value(index) }
        return sum / Double(count)
    }

    /// Mean and population standard deviation of `count` values.
    private static func meanAndDeviation(_ count: Int, _ value: (Int) -> Double) -> (mean: Double, deviation: Double) {
        let mean = mean(count, value)
        var squares = 0.0
        for index in 0..<count {
            let difference = value(index) - mean
            squares += difference * difference
        }
        return (mean, (squares / Double(count)).squareRoot())
    }
}
