/// librosa's `power_to_db(S, ref=np.max, amin=1e-10, top_db=80)` on one
/// segment, in float32 as librosa computes it: 10·log10(max(S, 1e-10))
/// minus 10·log10(max(max(S), 1e-10)), then floored at the maximum minus
/// 80 dB. An all-silent segment becomes all 0 dB, as in librosa.
enum Decibels {
    static let amin: Float = 1e-10
    static let topDB: Float = 80

    /// Converts `values` (powers, non-negative) in place to dB relative to their maximum.
    /// - Complexity: O(n), vectorizable; `fastLog10` keeps it well below the FFT's cost.
    static func powerToDB(_ values: UnsafeMutableBufferPointer<Float>) {
        var peak: Float = 0
        for value in values { peak = max(peak, value) }
        let reference = 10 * fastLog10(max(amin, peak))
        var top = -Float.infinity
        for index in values.indices {
            let db = 10 * fastLog10(max(amin, values[index])) - reference
            values[index] = db
            top = max(top, db)
        }
        let floor = top - topDB
        for index in values.indices { values[index] = max(values[index], floor) }
    }

    /// log10 of a positive normal float with a relative error below 1e-7,
    /// without a library call so loops over it vectorize: x = m · 2^e with
    /// m in [√½, √2), ln m = 2·atanh(t) with t = (m - 1)/(m + 1), |t| < 0.172,
    /// by its series to t^9 (truncation below 4e-10).
    @inline(__always)
    static func fastLog10(_ x: Float) -> Float {
        let bits = x.bitPattern
        // Exponent relative to [√½, √2): subtract the bits of √½ so the split falls there.
        let offset = bits &- 0x3F35_04F3
        let exponent = Float(Int32(bitPattern: offset) >> 23)
        let mantissa = Float(bitPattern: bits &- (offset & 0xFF80_0000))
        let t = (mantissa - 1) / (mantissa + 1)
        let t2 = t * t
        let series = t * (2 + t2 * (2.0 / 3 + t2 * (2.0 / 5 + t2 * (2.0 / 7 + t2 * (2.0 / 9)))))
        let ln2: Float = 0.693_147_18
        let log10e: Float = 0.434_294_48
        return (exponent * ln2 + series) * log10e
    }
}
