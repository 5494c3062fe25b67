import Foundation

/// The band statistics' loop over samples: band rows averaged in `Double`,
/// four profiles per band, each standardized across bands.
extension BandStatistics {
    /// Writes the features of the first `batch` segments of `input` to `output`.
    func summarize(_ input: Tensor, batch: Int) {
        input.withUnsafeValues { x in output.withUnsafeValues { y in summarize(UnsafePointer(x), batch: batch, into: y) } }
    }

    private func summarize(_ x: UnsafePointer<Float>, batch: Int, into output: UnsafeMutablePointer<Float>) {
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
}
