import Foundation

/// Band-limited sample-rate conversion by a Kaiser-windowed sinc kernel
/// (the method of resampy and libsamplerate's sinc converters), for any pair
/// of rates, optionally with a lower cut-off (a low-pass at the same time; with
/// equal rates, a low-pass alone).
///
/// The low-pass cut-off is 0.9 of the lower Nyquist frequency (or the band
/// limit when that is lower) and the
/// kernel spans 32 zero crossings each side with Kaiser beta 9, so the pass
/// band up to ~9 kHz (at 22050 Hz out) is flat within 0.001 dB and everything
/// above the new Nyquist frequency is attenuated by about 90 dB. The kernel
/// is tabulated 512 times per zero crossing and read with linear
/// interpolation (table error below 1e-5, about -100 dB).
package struct Resampler: Sendable {
    let inputRate: Int
    let outputRate: Int
    /// The kernel's time scale: the cut-off as a fraction of 0.9 × the input's
    /// Nyquist frequency, at most 1 (`min(1, out / in)` without a band limit).
    private let scale: Double
    /// Whether a band limit was asked for (with equal rates, it filters even at scale 1).
    private let isBandLimited: Bool
    /// Zero crossings of the sinc on each side of the centre.
    private static let zeroCrossings = 32
    /// Cut-off as a fraction of the lower Nyquist frequency.
    private static let rolloff = 0.9
    /// Kaiser window shape: about 90 dB of stop-band attenuation.
    private static let beta = 9.0
    /// Table entries per unit of the (output-scaled) time axis.
    private static let oversampling = 512
    /// `rolloff · sinc(rolloff · u) · kaiser(u)` for u in [0, zeroCrossings / rolloff].
    private let table: [Float]

    /// - Parameters:
    ///   - bandLimit: a cut-off in Hz below 0.9 of the lower Nyquist frequency
    ///     to apply instead of it, or nil. A higher one leaves the cut-off at
    ///     0.9 of the lower Nyquist frequency, where resampling puts it anyway,
    ///     and so, with equal rates, still low-passes there: any band limit
    ///     gives every input rate the same filter.
    package init(from inputRate: Int, to outputRate: Int, bandLimit: Double? = nil) {
        precondition(inputRate > 0 && outputRate > 0, "sample rates are positive")
        precondition(bandLimit.map { $0 > 0 && $0.isFinite } ?? true, "a band limit is a positive frequency")
        self.inputRate = inputRate
        self.outputRate = outputRate
        isBandLimited = bandLimit != nil
        var scale = min(1, Double(outputRate) / Double(inputRate))
        if let bandLimit { scale = min(scale, bandLimit / (Self.rolloff * Double(inputRate) / 2)) }
        self.scale = scale
        let halfWidth = Double(Self.zeroCrossings) / Self.rolloff
        let entries = Int((halfWidth * Double(Self.oversampling)).rounded(.up)) + 2
        let normalizer = Self.besselI0(Self.beta)
        table = (0..<entries).map { index in
            let u = Double(index) / Double(Self.oversampling)
            guard u < halfWidth else { return 0 }
            let x = Self.rolloff * u
            let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
            let r = u / halfWidth
            let window = Self.besselI0(Self.beta * (1 - r * r).squareRoot()) / normalizer
            return Float(Self.rolloff * sinc * window)
        }
    }

    /// The number of output samples for `count` input samples: ceil(count · out / in).
    package func outputCount(for count: Int) -> Int {
        (count * outputRate + inputRate - 1) / inputRate
    }

    /// Whether `resample` would return its input unchanged: equal rates and no band limit.
    package var isIdentity: Bool { inputRate == outputRate && !isBandLimited }

    /// Resamples `input` (taken as zero outside its range).
    ///
    /// Output k sits at input position k · in / out. With the ratio in lowest
    /// terms p/q (out/in), the kernel's weights repeat every p outputs, so for
    /// up to `maximumPhases` phases they are tabulated once (a 22050 Hz file
    /// through the band limit has one phase, 16 kHz to 22050 Hz 441); for other
    /// ratios they are computed per output. Sums run in float over 8 lanes (`Kernels.dot`).
    /// - Complexity: O(n · 2 · 32 / (0.9 · scale)) multiply-adds, scale ≤ min(1, out/in).
    package func resample(_ input: [Float]) -> [Float] {
        let count = outputCount(for: input.count)
        let halfWidth = Double(Self.zeroCrossings) / (Self.rolloff * scale)  // in input samples
        let width = Int(2 * halfWidth) + 2  // taps per output, enough for every phase
        let divisor = Self.greatestCommonDivisor(inputRate, outputRate)
        let (p, q) = (outputRate / divisor, inputRate / divisor)
        let phases = p <= Self.maximumPhases ? min(p, count) : 0
        // Phase r's taps (scaled) for inputs first[r] ..< first[r] + width, relative to (k / p) · q.
        var first = [Int](repeating: 0, count: phases)
        var taps = [Float](repeating: 0, count: phases * width)
        for r in 0..<phases {
            let t = Double(r) * Double(q) / Double(p)
            first[r] = Int((t - halfWidth).rounded(.up))
            for j in 0..<width { taps[r * width + j] = weight(at: t - Double(first[r] + j), halfWidth: halfWidth) }
        }
        var scratch = [Float](repeating: 0, count: phases == 0 ? width : 0)
        let step = Double(inputRate) / Double(outputRate)
        var output = [Float](repeating: 0, count: count)
        for k in 0..<count {
            let start: Int, kernel: ArraySlice<Float>
            if phases > 0 {
                let r = k % p
                start = (k / p) * q + first[r]
                kernel = taps[(r * width)..<((r + 1) * width)]
            } else {
                let t = Double(k) * step
                start = Int((t - halfWidth).rounded(.up))
                for j in 0..<width { scratch[j] = weight(at: t - Double(start + j), halfWidth: halfWidth) }
                kernel = scratch[...]
            }
            output[k] = Self.dot(kernel, input, from: start)
        }
        return output
    }

    /// Ratios whose weights are tabulated per phase (at most this many phases × taps floats).
    private static let maximumPhases = 4096

    /// The kernel's weight, times `scale`, for an output `distance` input samples from an input sample.
    private func weight(at distance: Double, halfWidth: Double) -> Float {
        guard abs(distance) <= halfWidth else { return 0 }
        let position = abs(distance) * scale * Double(Self.oversampling)
        let index = Int(position)
        guard index + 1 < table.count else { return 0 }
        let fraction = Float(position - Double(index))
        return (table[index] + fraction * (table[index + 1] - table[index])) * Float(scale)
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// The modified Bessel function of the first kind, order 0, by its power series.
    private static func besselI0(_ x: Double) -> Double {
        var sum = 1.0
        var term = 1.0
        let quarterSquare = x * x / 4
        var k = 1.0
        while term > 1e-17 * sum {
            term *= quarterSquare / (k * k)
            sum += term
            k += 1
        }
        return sum
    }
}
