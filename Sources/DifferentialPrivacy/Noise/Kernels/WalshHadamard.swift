/// The unsafe kernel of `RandomizedHadamard`: the in-place fast Walsh–Hadamard
/// transform, its butterflies run over the array's storage without bounds checks.
enum WalshHadamard {
    /// x ← H·x/sqrt(n), the orthonormal transform, for n = x.count a power of two.
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
