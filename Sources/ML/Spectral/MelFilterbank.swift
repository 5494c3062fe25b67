import Foundation

/// Slaney-style mel filterbank (Auditory Toolbox scale and area
/// normalization), identical to librosa 0.11's `filters.mel(sr, n_fft,
/// n_mels, fmin=0, fmax, htk=False, norm="slaney")` in float32, stored
/// sparsely: each band keeps only its contiguous run of non-zero weights
/// (about 2 per FFT bin in all instead of 128), packed in one array.
package struct MelFilterbank: Sendable {
    /// Every band's non-zero weights, band after band.
    let weights: [Float]
    /// Band b's weights are `weights[weightStart[b] ..< weightStart[b + 1]]`, for FFT bins from `firstBin[b]`.
    let weightStart: [Int]
    let firstBin: [Int]
    package let binCount: Int
    /// Bins below this index carry every non-zero weight (744 of 1025 for fmax 8000
    /// at n_fft 2048), so power spectra need no more.
    package let usedBinCount: Int
    package var bandCount: Int { firstBin.count }

    /// - Parameters:
    ///   - sampleRate: Hz.
    ///   - fftSize: FFT length, giving `fftSize / 2 + 1` bins.
    ///   - bandCount: number of mel bands.
    ///   - maximumHertz: upper edge of the top band (librosa's `fmax`), at most `sampleRate / 2`.
    package init(sampleRate: Int, fftSize: Int, bandCount: Int, maximumHertz: Double) {
        precondition(maximumHertz > 0 && maximumHertz <= Double(sampleRate) / 2, "fmax lies in (0, sampleRate / 2]")
        let binCount = fftSize / 2 + 1
        self.binCount = binCount
        let maxMel = MelScale.mel(fromHertz: maximumHertz)
        // Band edges: bandCount + 2 points evenly spaced in mel from 0 to fmax.
        let edges = (0..<(bandCount + 2)).map { index in
            MelScale.hertz(fromMel: maxMel * Double(index) / Double(bandCount + 1))
        }
        let binHertz = (0..<binCount).map { Double($0) * Double(sampleRate) / Double(fftSize) }
        var weights: [Float] = [], weightStart = [0], firstBin: [Int] = []
        for band in 0..<bandCount {
            let lower = edges[band], centre = edges[band + 1], upper = edges[band + 2]
            let norm = 2 / (upper - lower)
            var first = -1
            for bin in 0..<binCount {
                let rising = (binHertz[bin] - lower) / (centre - lower)
                let falling = (upper - binHertz[bin]) / (upper - centre)
                // librosa stores the triangle in float32, then scales it by the norm.
                let triangle = Float(max(0, min(rising, falling)))
                guard triangle > 0 else {
                    if first >= 0 { break }
                    continue
                }
                if first < 0 { first = bin }
                weights.append(Float(Double(triangle) * norm))
            }
            firstBin.append(max(first, 0))
            weightStart.append(weights.count)
        }
        self.weights = weights
        self.weightStart = weightStart
        self.firstBin = firstBin
        usedBinCount = max(1, (0..<bandCount).map { firstBin[$0] + weightStart[$0 + 1] - weightStart[$0] }.max() ?? 0)
    }

    /// The dense weight of `bin` in `band` (zero outside the band's run).
    package func weight(band: Int, bin: Int) -> Float {
        let offset = bin - firstBin[band]
        guard offset >= 0 && weightStart[band] + offset < weightStart[band + 1] else { return 0 }
        return weights[weightStart[band] + offset]
    }
}

/// The Slaney mel scale (librosa's default, `htk=False`): linear below
/// 1 kHz at 200/3 Hz per mel, logarithmic above with 27 mels per factor 6.4.
package enum MelScale {
    private static let hertzPerMel = 200.0 / 3
    private static let breakHertz = 1000.0
    private static let breakMel = breakHertz / hertzPerMel  // 15
    private static let logStep = log(6.4) / 27

    package static func mel(fromHertz hertz: Double) -> Double {
        hertz >= breakHertz ? breakMel + log(hertz / breakHertz) / logStep : hertz / hertzPerMel
    }

    package static func hertz(fromMel mel: Double) -> Double {
        mel >= breakMel ? breakHertz * exp(logStep * (mel - breakMel)) : hertzPerMel * mel
    }
}
