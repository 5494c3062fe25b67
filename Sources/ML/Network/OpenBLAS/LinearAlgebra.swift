import ChorusSupport
internal import COpenBLAS

/// What the BLAS underneath the CNN can do on this machine, for benchmarks
/// that quote the CNN's speed as a fraction of it.
public enum LinearAlgebra {
    /// Threads OpenBLAS runs each product on.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Single-precision matrix-product rate in GFLOP/s: the median of
    /// `repeats` timed `size × size × size` sgemms after one warm-up.
    public static func sgemmGFLOPS(size: Int = 1024, repeats: Int = 5) -> Double {
        precondition(size > 0 && repeats > 0, "empty benchmark")
        var generator = SeededGenerator(seed: 1)
        let a = (0..<(size * size)).map { _ in generator.nextUnitFloat() - 0.5 }
        let b = (0..<(size * size)).map { _ in generator.nextUnitFloat() - 0.5 }
        var c = [Float](repeating: 0, count: size * size)
        let clock = ContinuousClock()
        var rates: [Double] = []
        for round in 0...repeats {
            let start = clock.now
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                        Gemm.multiply(transposeA: false, transposeB: false, m: size, n: size, k: size,
                                      a: a, lda: size, b: b, ldb: size, beta: 0, c: c, ldc: size)
                    }
                }
            }
            let seconds = Trainer.seconds(clock.now - start)
            if round > 0 { rates.append(2 * Double(size * size * size) / seconds / 1e9) }
        }
        precondition(c.allSatisfy(\.isFinite), "sgemm produced non-finite values")
        return rates.sorted()[rates.count / 2]
    }
}
