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
        let square = Shape(channels: 1, height: size, width: size)
        let a = Tensor((0..<(size * size)).map { _ in generator.nextUnitFloat() - 0.5 }, shape: square)
        let b = Tensor((0..<(size * size)).map { _ in generator.nextUnitFloat() - 0.5 }, shape: square)
        let c = Tensor(shape: square, batchCapacity: 1)
        let clock = ContinuousClock()
        var rates: [Double] = []
        for round in 0...repeats {
            let start = clock.now
            Gemm.multiply(transposeA: false, transposeB: false, m: size, n: size, k: size,
                          a: TensorSlice(a), lda: size, b: TensorSlice(b), ldb: size, beta: 0, c: TensorSlice(c), ldc: size)
            let seconds = Trainer.seconds(clock.now - start)
            if round > 0 { rates.append(2 * Double(size * size * size) / seconds / 1e9) }
        }
        precondition(c.values(batch: 1).allSatisfy(\.isFinite), "sgemm produced non-finite values")
        return rates.sorted()[rates.count / 2]
    }
}
