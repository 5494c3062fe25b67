/// Small vector kernels the layers share. Each takes raw pointers opened once
/// by its caller; the loops are written so the compiler vectorises them
/// (`add`, `scale`) or use explicit 8-lane accumulators where a float reduction
/// would otherwise stay scalar (`sum`, `dot`). Accumulating in 8 lanes changes
/// the summation order, which moves results by a few ulps: fine for training.
enum Kernels {
    /// `destination[i] += source[i]` for `i < count`.
    @inline(__always)
    static func add(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { destination[i] += source[i] }
    }

    /// `destination[i] = value` for `i < count`.
    @inline(__always)
    static func fill(_ destination: UnsafeMutablePointer<Float>, with value: Float, count: Int) {
        destination.update(repeating: value, count: count)
    }

    /// `Σ a[i]`.
    static func sum(_ a: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            lanes += load(a + i)
            i += 8
        }
        var total = lanes.sum()
        while i < count {
            total += a[i]
            i += 1
        }
        return total
    }

    /// `Σ a[i]·b[i]`.
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            lanes += load(a + i) * load(b + i)  // not addProduct: without hardware FMA that is a libm call per lane
            i += 8
        }
        var total = lanes.sum()
        while i < count {
            total += a[i] * b[i]
            i += 1
        }
        return total
    }

    /// Eight consecutive floats from any (unaligned) address.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Index of the largest of `count` values (the first on ties).
    static func argmax(_ row: UnsafePointer<Float>, count: Int) -> Int {
        var best = 0
        for k in 1..<count where row[k] > row[best] { best = k }
        return best
    }
}
