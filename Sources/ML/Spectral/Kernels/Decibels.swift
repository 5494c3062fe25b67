/// librosa's `power_to_db(S, ref=np.max, amin=1e-10, top_db=80)` on one
/// segment, in float32 as librosa computes it: 10·log10(max(S, 1e-10))
/// minus 10·log10(max(max(S), 1e-10)), then floored at the maximum minus
/// 80 dB. An all-silent segment becomes all 0 dB, as in librosa.
enum Decibels {
    static let amin: Float = 1e-10
    static let topDB: Float = 80

    /// Converts `values` (powers, non-negative) in place to dB relative to their maximum.
    /// - Complexity: O(n), eight values at a time.
    static func powerToDB(_ values: UnsafeMutableBufferPointer<Float>) {
        var peak = SIMD8<Float>(repeating: 0)
        forEachChunk(values) { chunk in
            peak = maximum(peak, chunk)
            return chunk
        }
        let reference = 10 * fastLog10(SIMD8(repeating: max(amin, peak.max())))
        var top = SIMD8<Float>(repeating: -.infinity)
        forEachChunk(values) { chunk in
            let db = 10 * fastLog10(maximum(SIMD8(repeating: amin), chunk)) - reference
            top = maximum(top, db)
            return db
        }
        let floor = SIMD8<Float>(repeating: top.max() - topDB)
        forEachChunk(values) { maximum($0, floor) }
    }

    /// The lane-wise maximum (both operands are never NaN here).
    @inline(__always)
    private static func maximum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        a.replacing(with: b, where: a .< b)
    }

    /// Replaces each run of eight values by `body` of it; a shorter tail is
    /// padded with copies of its first value (neutral for max) and written back partly.
    @inline(__always)
    private static func forEachChunk(_ values: UnsafeMutableBufferPointer<Float>,
                                     _ body: (SIMD8<Float>) -> SIMD8<Float>) {
        let whole = values.count / 8 * 8
        var index = 0
        while index < whole {
            var chunk = SIMD8<Float>()
            for lane in 0..<8 { chunk[lane] = values[index + lane] }
            let result = body(chunk)
            for lane in 0..<8 { values[index + lane] = result[lane] }
            index += 8
        }
        guard whole < values.count else { return }
        var chunk = SIMD8<Float>(repeating: values[whole])
        for lane in 0..<(values.count - whole) { chunk[lane] = values[whole + lane] }
        let result = body(chunk)
        for lane in 0..<(values.count - whole) { values[whole + lane] = result[lane] }
    }

    /// log10 of positive normal floats with a relative error below 1e-7,
    /// without a library call so it runs eight lanes at once: x = m · 2^e with
    /// m in [√½, √2), ln m = 2·atanh(t) with t = (m - 1)/(m + 1), |t| < 0.172,
    /// by its series to t^9 (truncation below 4e-10).
    @inline(__always)
    static func fastLog10(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        // Exponent relative to [√½, √2): subtract the bits of √½ so the split falls there.
        let offset = bits &- 0x3F35_04F3
        let exponent = SIMD8<Float>(unsafeBitCast(offset, to: SIMD8<Int32>.self) &>> 23)
        let mantissa = unsafeBitCast(bits &- (offset & 0xFF80_0000), to: SIMD8<Float>.self)
        let t = (mantissa - 1) / (mantissa + 1)
        let t2 = t * t
        var series: SIMD8<Float> = t2 * (2.0 / 9 as Float) + (2.0 / 7 as Float)
        series = series * t2 + (2.0 / 5 as Float)
        series = series * t2 + (2.0 / 3 as Float)
        series = series * t2 + (2 as Float)
        series *= t
        let ln2: Float = 0.693_147_18
        let log10e: Float = 0.434_294_48
        return (exponent * ln2 + series) * log10e
    }
}
