extension Resampler {
    /// Σ taps[j] · x[start + j], x taken as zero outside its range: the resampler's
    /// one pointer access, handing the overlapping run to the vectorized dot kernel.
    @inline(__always)
    static func dot(_ taps: ArraySlice<Float>, _ x: [Float], from start: Int) -> Float {
        let low = max(0, -start), high = min(taps.count, x.count - start)
        guard low < high else { return 0 }
        return taps.withUnsafeBufferPointer { taps in
            x.withUnsafeBufferPointer { x in
                Kernels.dot(taps.baseAddress.unsafelyUnwrapped + low, x.baseAddress.unsafelyUnwrapped + start + low,
                            count: high - low)
            }
        }
    }
}
