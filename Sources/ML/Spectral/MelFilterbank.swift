import Foundation

/// Slaney-style mel filterbank (Auditory Toolbox scale and area
/// normalization), identical to librosa 0.11's `filters.mel(sr, n_fft,
/// n_mels, fmin=0, fmax=sr/2, htk=False, norm="slaney")` in float32, stored
/// sparsely: each band keeps only its contiguous run of non-zero weights
/// (about 2 per FFT bin in all instead of 128).
struct MelFilterbank: Sendable {
    /// One triangular filter: weights for FFT bins `firstBin ..< firstBin + weights.count`.
    struct Band: Sendable {
        var firstBin: Int
        var weights: [Float]
    }

    let bands: [Band]
    let binCount: Int

    /// - Parameters:
    ///   - sampleRate: Hz; `fmax` is its half.
    ///   - fftSize: FFT length, giving `fftSize / 2 + 1` bins.
    ///   - bandCount: number of mel bands.
    init(sampleRate: Int, fftSize: Int, bandCount: Int) {
        let binCount = fftSize / 2 + 1
        self.binCount = binCount
        let maxMel = MelScale.mel(fromHertz: Double(sampleRate) / 2)
        // Band edges: bandCount + 2 points evenly spaced in mel from 0 to fmax.
        let edges = (0..<(bandCount + 2)).map { index in
            MelScale.hertz(fromMel: maxMel * Double(index) / Double(bandCount + 1))
        }
        let binHertz = (0..<binCount).map { Double($0) * Double(sampleRate) / Double(fftSize) }
        bands = (0..<bandCount).map { band in
            let lower = edges[band], centre = edges[band + 1], upper = edges[band + 2]
            let norm = 2 / (upper - lower)
            var firstBin = -1
            var weights: [Float] = []
            for bin in 0..<binCount {
                let rising = (binHertz[bin] - lower) / (centre - lower)
                let falling = (upper - binHertz[bin]) / (upper - centre)
                // librosa stores the triangle in float32, then scales it by the norm.
                let triangle = Float(max(0, min(rising, falling)))
                guard triangle > 0 else {
                    if firstBin >= 0 { break }
                    continue
                }
                if firstBin < 0 { firstBin = bin }
                weights.append(Float(Double(triangle) * norm))
            }
            return Band(firstBin: max(firstBin, 0), weights: weights)
        }
    }

    /// The dense weight of `bin` in `band` (zero outside the band's run).
    func weight(band: Int, bin: Int) -> Float {
        let run = bands[band]
        let offset = bin - run.firstBin
        return run.weights.indices.contains(offset) ? run.weights[offset] : 0
    }
}

/// The Slaney mel scale (librosa's default, `htk=False`): linear below
/// 1 kHz at 200/3 Hz per mel, logarithmic above with 27 mels per factor 6.4.
enum MelScale {
    private static let hertzPerMel = 200.0 / 3
    private static let breakHertz = 1000.0
    private static let breakMel = breakHertz / hertzPerMel  // 15
    private static let logStep = log(6.4) / 27

    static func mel(fromHertz hertz: Double) -> Double {
        hertz >= breakHertz ? breakMel + log(hertz / breakHertz) / logStep : hertz / hertzPerMel
    }

    static func hertz(fromMel mel: Double) -> Double {
        mel >= breakMel ? breakHertz * exp(logStep * (mel - breakMel)) : hertzPerMel * mel
    }
}
