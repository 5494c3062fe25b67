internal import COpenBLAS

/// Row-major single-precision matrix products through OpenBLAS's `cblas_sgemm`:
/// every convolution and dense layer lowers onto this one call.
enum Gemm {
    /// `C = alpha · op(A) · op(B) + beta · C` with `op(A)` m×k, `op(B)` k×n, C m×n,
    /// all row-major with leading dimensions `lda`, `ldb`, `ldc`. Each slice must
    /// hold its whole matrix (checked before the call).
    @inline(__always)
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                         a: TensorSlice, lda: Int, b: TensorSlice, ldb: Int,
                         beta: Float, c: TensorSlice, ldc: Int) {
        check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a.count, lda: lda, b: b.count, ldb: ldb,
              c: c.count, ldc: ldc)
        a.withUnsafeValues { a in
            b.withUnsafeValues { b in
                c.withUnsafeValues { c in
                    sgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                }
            }
        }
    }

    /// The same product on arrays (the encoder's inference layers).
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                         a: [Float], lda: Int, b: [Float], ldb: Int, beta: Float, c: inout [Float], ldc: Int) {
        check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a.count, lda: lda, b: b.count, ldb: ldb,
              c: c.count, ldc: ldc)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    sgemm(transposeA, transposeB, m, n, k, alpha, a.baseAddress, lda, b.baseAddress, ldb, beta, c.baseAddress, ldc)
                }
            }
        }
    }

    /// The C call, on addresses opened by the caller for its length; dimensions checked by `check`.
    @inline(__always)
    private static func sgemm(_ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                              _ a: UnsafePointer<Float>?, _ lda: Int, _ b: UnsafePointer<Float>?, _ ldb: Int,
                              _ beta: Float, _ c: UnsafeMutablePointer<Float>?, _ ldc: Int) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Traps unless the dimensions are positive, fit BLAS's `Int32`, and each matrix lies within its storage.
    private static func check(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: Int, lda: Int, b: Int, ldb: Int,
                              c: Int, ldc: Int) {
        precondition(m > 0 && n > 0 && k > 0, "empty product")
        precondition(lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n) && ldc >= n, "leading dimension too small")
        precondition(a >= ((transposeA ? k : m) - 1) * lda + (transposeA ? m : k)
                     && b >= ((transposeB ? n : k) - 1) * ldb + (transposeB ? k : n)
                     && c >= (m - 1) * ldc + n, "a matrix extends past its storage")
        precondition(max(m, n, k, lda, ldb, ldc) <= Int(Int32.max), "dimension beyond BLAS's Int32")
    }

    /// Threads OpenBLAS uses for one product (by default one per core).
    static var threads: Int { Int(openblas_get_num_threads()) }
}
