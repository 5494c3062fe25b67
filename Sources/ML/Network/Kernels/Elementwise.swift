/// Elementwise loops over the first `count` values of tensors (activations,
/// their gradients, dropout masks), written so the compiler vectorises them
/// once the closure is inlined.
enum Elementwise {
    /// `destination[i] = transform(source[i])`.
    @inline(__always)
    static func map(_ source: Tensor, count: Int, into destination: Tensor, _ transform: (Float) -> Float) {
        precondition(count <= source.count && count <= destination.count, "elementwise count outside its tensors")
        source.withUnsafeValues { x in
            destination.withUnsafeValues { y in
                for i in 0..<count { y[i] = transform(x[i]) }
            }
        }
    }

    /// `destination[i] = combine(a[i], b[i])`.
    @inline(__always)
    static func zip(_ a: Tensor, _ b: Tensor, count: Int, into destination: Tensor, _ combine: (Float, Float) -> Float) {
        precondition(count <= a.count && count <= b.count && count <= destination.count, "elementwise count outside its tensors")
        a.withUnsafeValues { a in
            b.withUnsafeValues { b in
                destination.withUnsafeValues { y in
                    for i in 0..<count { y[i] = combine(a[i], b[i]) }
                }
            }
        }
    }

    /// `destination[i] = next()` in order of `i`.
    @inline(__always)
    static func generate(count: Int, into destination: Tensor, _ next: () -> Float) {
        precondition(count <= destination.count, "elementwise count outside its tensor")
        destination.withUnsafeValues { y in
            for i in 0..<count { y[i] = next() }
        }
    }

    /// Moves `outer × inner` blocks of `block` values to `inner × outer` order:
    /// block `(o, i)` of `source` becomes block `(i, o)` of `destination`
    /// (channel-major `C × N × plane` to `N × C × plane` rows and back).
    static func swapLeadingAxes(_ source: Tensor, outer: Int, inner: Int, block: Int, into destination: Tensor) {
        precondition(outer * inner * block <= min(source.count, destination.count), "blocks outside their tensors")
        source.withUnsafeValues { x in
            destination.withUnsafeValues { y in
                for o in 0..<outer {
                    for i in 0..<inner {
                        (y + (i * outer + o) * block).update(from: x + (o * inner + i) * block, count: block)
                    }
                }
            }
        }
    }
}
