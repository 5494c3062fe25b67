/// The mel projection kernel: the filterbank's sparse tables opened as pointers once
/// per run of frames, four weights at a time (shared by `FeatureExtractor` and
/// `MusicnnFrontEnd`). The filterbank's own API (`weight(band:bin:)`) stays safe.
extension MelFilterbank {
    /// Opens the tables once for a run of projections.
    func withUnsafeTables<R>(_ body: (Tables) -> R) -> R {
        weights.withUnsafeBufferPointer { weights in
            weightStart.withUnsafeBufferPointer { weightStart in
                firstBin.withUnsafeBufferPointer { firstBin in
                    body(Tables(weights: weights, weightStart: weightStart, firstBin: firstBin))
                }
            }
        }
    }

    /// The tables as pointers, valid inside `withUnsafeTables` only.
    struct Tables {
        let weights: UnsafeBufferPointer<Float>
        let weightStart: UnsafeBufferPointer<Int>
        let firstBin: UnsafeBufferPointer<Int>

        /// Band energies of one power spectrum (`binCount` values) into
        /// `output[band * stride]`, one sparse dot product per band.
        @inline(__always)
        func project(_ power: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, stride: Int) {
            for band in 0..<firstBin.count {
                let start = weightStart[band], count = weightStart[band + 1] - start
                let bins = power + firstBin[band]
                let w = weights.baseAddress.unsafelyUnwrapped + start
                // Four partial sums at a time (the order differs from a plain loop by float rounding only).
                var partial = SIMD4<Float>()
                var k = 0
                while k + 4 <= count {
                    let weights = UnsafeRawPointer(w + k).loadUnaligned(as: SIMD4<Float>.self)
                    let values = UnsafeRawPointer(bins + k).loadUnaligned(as: SIMD4<Float>.self)
                    partial += weights * values
                    k += 4
                }
                var sum = partial.sum()
                while k < count {
                    sum += w[k] * bins[k]
                    k += 1
                }
                output[band * stride] = sum
            }
        }
    }
}
