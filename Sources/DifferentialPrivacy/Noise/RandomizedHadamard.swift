/// The random rotation U = H·D/sqrt(d'), with H the Walsh–Hadamard matrix of
/// order d' (a power of two) and D the diagonal of the round's ±1 signs.
/// U is orthogonal, so it keeps L2 norms, and it spreads any vector's energy
/// evenly: each rotated coordinate is sub-Gaussian with variance proxy
/// ‖x‖²/d', which is what bounds wrap-around in the ring.
struct RandomizedHadamard {
    let signs: [Double]

    init(seed: RoundSeed, dimension: Int) throws(DifferentialPrivacyError) {
        precondition(dimension > 0 && dimension & (dimension - 1) == 0, "dimension must be a power of two")
        signs = try seed.signs(count: dimension)
    }

    /// x ← U·x.
    func rotate(_ x: inout [Double]) {
        precondition(x.count == signs.count, "vector and rotation differ in length")
        for i in x.indices { x[i] *= signs[i] }
        Self.transform(&x)
    }

    /// x ← Uᵀ·x = D·H·x/sqrt(d'), the inverse rotation.
    func unrotate(_ x: inout [Double]) {
        precondition(x.count == signs.count, "vector and rotation differ in length")
        Self.transform(&x)
        for i in x.indices { x[i] *= signs[i] }
    }

    /// In-place fast Walsh–Hadamard transform scaled by 1/sqrt(n) (orthonormal).
    /// - Complexity: O(n log n).
    static func transform(_ x: inout [Double]) {
        let n = x.count
        x.withUnsafeMutableBufferPointer { v in
            var half = 1
            while half < n {
                var start = 0
                while start < n {
                    for i in start..<(start + half) {
                        let a = v[i], b = v[i + half]
                        v[i] = a + b
                        v[i + half] = a - b
                    }
                    start += 2 * half
                }
                half *= 2
            }
            let scale = 1 / Double(n).squareRoot()
            for i in 0..<n { v[i] *= scale }
        }
    }
}
