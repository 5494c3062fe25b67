internal import COpenBLAS

/// Row-major single-precision matrix products through OpenBLAS's `cblas_sgemm`:
/// every convolution and dense layer lowers onto this one call.
enum Gemm {
    /// `C = alpha · op(A) · op(B) + beta · C` with `op(A)` m×k, `op(B)` k×n, C m×n,
    /// all row-major with leading dimensions `lda`, `ldb`, `ldc`.
    @inline(__always)
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        precondition(m > 0 && n > 0 && k > 0, "empty product")
        precondition(lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n) && ldc >= n, "leading dimension too small")
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Threads OpenBLAS uses for one product (by default one per core).
    static var threads: Int { Int(openblas_get_num_threads()) }
}
