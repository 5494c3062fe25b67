import Foundation

/// Composition of privacy loss distributions: the PMF of the sum of
/// independent losses, `count` draws from each group's PMF, computed as one
/// inverse FFT of the product of the groups' spectra raised to their counts.
///
/// This generalizes dp-accounting's `self_convolve` to several distributions:
/// a Chernoff bound at 40 orders picks the window of the sum that holds all
/// but `tailMassTruncation` of the mass; the FFT length only needs to cover
/// that window (mass outside it aliases in, at most 1e-15), and the truncated
/// mass is added to the infinity mass so the result stays pessimistic.
enum PLDComposition {
    /// The mass that may be cut from both tails together (dp-accounting's default).
    static let tailMassTruncation = 1e-15

    /// The largest composed grid accepted: 64 Mi points take about 1.5 GB.
    static let maximumWindow = 1 << 26

    /// - Throws: `.outOfRange` when the composed distribution would need more
    ///   than `maximumWindow` grid points (e.g. q = 1, z = 0.3, 10^5 rounds).
    static func compose(_ groups: [(pmf: PrivacyLossPMF, count: Int)]) throws(DifferentialPrivacyError) -> PrivacyLossPMF {
        precondition(!groups.isEmpty, "nothing to compose")
        let interval = groups[0].pmf.interval
        let (lower, upper) = window(groups)
        let windowCount = upper - lower + 1
        guard windowCount <= maximumWindow else {
            throw .outOfRange(parameter: "rounds", value: Double(groups.reduce(0) { $0 + $1.count }),
                              expected: "few enough for a PLD of \(maximumWindow) grid points at this noise; use the RDP accountant")
        }
        let longest = groups.map(\.pmf.probabilities.count).max() ?? 1
        let fft = RealFFT(count: RealFFT.fastLength(atLeast: max(windowCount, longest)))

        var product = [Double](repeating: 0, count: 2 * fft.spectrumCount)
        for k in 0..<fft.spectrumCount { product[2 * k] = 1 }
        for group in groups {
            let spectrum = fft.forward(group.pmf.probabilities)
            for k in 0..<fft.spectrumCount {
                let (re, im) = power(spectrum[2 * k], spectrum[2 * k + 1], group.count)
                let pr = product[2 * k], pi = product[2 * k + 1]
                product[2 * k] = pr * re - pi * im
                product[2 * k + 1] = pr * im + pi * re
            }
        }
        let convolution = fft.inverse(product)
        let n = fft.count
        let probabilities = (0..<windowCount).map { convolution[((lower + $0) % n + n) % n] }

        var lowerLoss = lower
        var logSurvival = 0.0
        for group in groups {
            lowerLoss += group.count * group.pmf.lowerLoss
            logSurvival += Double(group.count) * log1p(-group.pmf.infinityMass)
        }
        return PrivacyLossPMF(interval: interval, lowerLoss: lowerLoss, probabilities: probabilities,
                              infinityMass: tailMassTruncation - expm1(logSurvival))
    }

    /// (re + i·im)^exponent by repeated squaring.
    private static func power(_ re: Double, _ im: Double, _ exponent: Int) -> (Double, Double) {
        var resultRe = 1.0, resultIm = 0.0
        var baseRe = re, baseIm = im
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 {
                (resultRe, resultIm) = (resultRe * baseRe - resultIm * baseIm, resultRe * baseIm + resultIm * baseRe)
            }
            remaining >>= 1
            if remaining > 0 {
                (baseRe, baseIm) = (baseRe * baseRe - baseIm * baseIm, 2 * baseRe * baseIm)
            }
        }
        return (resultRe, resultIm)
    }

    /// Index bounds [lower, upper] of the sum of grid offsets (each PMF's
    /// indices counted from 0) outside which at most `tailMassTruncation` lies,
    /// by the Chernoff bound at orders ±1…±20 over the longest PMF's length.
    static func window(_ groups: [(pmf: PrivacyLossPMF, count: Int)]) -> (lower: Int, upper: Int) {
        var upper = groups.reduce(0) { $0 + $1.count * ($1.pmf.probabilities.count - 1) }
        var lower = 0
        let longest = Double(groups.map(\.pmf.probabilities.count).max() ?? 1)
        let logTwoOverTail = log(2 / tailMassTruncation)
        for j in Array(-20 ... -1) + Array(1...20) {
            let order = Double(j) / longest
            var logMGF = 0.0
            for group in groups {
                logMGF += Double(group.count) * logMomentGenerating(group.pmf.probabilities, order: order)
            }
            let bound = (logMGF + logTwoOverTail) / order
            guard bound.isFinite, abs(bound) < 9e15 else { continue }
            if order > 0 { upper = min(upper, Int(bound.rounded(.up))) }
            if order < 0 { lower = max(lower, Int(bound.rounded(.down))) }
        }
        return (lower, max(upper, lower))
    }

    /// log Σ_i p_i e^(i·t), by Horner's rule on e^(-|t|) from the end that
    /// dominates, so nothing overflows.
    static func logMomentGenerating(_ probabilities: [Double], order t: Double) -> Double {
        let last = probabilities.count - 1
        let ratio = exp(-abs(t))
        var sum = 0.0
        if t > 0 {
            for p in probabilities { sum = sum * ratio + p }       // Σ p_i e^{-(last-i)t}
            return log(sum) + Double(last) * t
        }
        for p in probabilities.reversed() { sum = sum * ratio + p } // Σ p_i e^{i t}
        return log(sum)
    }
}
