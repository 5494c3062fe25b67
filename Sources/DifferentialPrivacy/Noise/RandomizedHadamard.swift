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
        WalshHadamard.transform(&x)
    }

    /// x ← Uᵀ·x = D·H·x/sqrt(d'), the inverse rotation.
    func unrotate(_ x: inout [Double]) {
        precondition(x.count == signs.count, "vector and rotation differ in length")
        WalshHadamard.transform(&x)
        for i in x.indices { x[i] *= signs[i] }
    }
}
