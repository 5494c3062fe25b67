/// 4-lane vector steps the layers' hand-vectorised loops share (max-pooling,
/// the Winograd transforms): unaligned loads and stores, the lane-wise maximum,
/// and the shuffles that split and merge a row's even and odd columns. Four lanes, because the
/// package compiles for baseline x86-64, whose SSE2 registers hold four floats.
extension Kernels {
    /// Four consecutive floats from any (unaligned) address.
    @inline(__always)
    static func load4(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always)
    static func load4(_ p: UnsafeMutablePointer<Float>) -> SIMD4<Float> { load4(UnsafePointer(p)) }

    /// Writes `value` to four consecutive floats at any (unaligned) address.
    @inline(__always)
    static func store(_ value: SIMD4<Float>, at p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD4<Float>.self)
    }

    /// `Swift.max(a, b)` in every lane: `b >= a ? b : a`.
    @inline(__always)
    static func larger(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
        a.replacing(with: b, where: b .>= a)
    }

    /// Lanes 0, 2 of `a` then 0, 2 of `b`: the even columns of eight consecutive values.
    @inline(__always)
    static func evens(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> { SIMD4(a[0], a[2], b[0], b[2]) }

    /// Lanes 1, 3 of `a` then 1, 3 of `b`: the odd columns of eight consecutive values.
    @inline(__always)
    static func odds(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> { SIMD4(a[1], a[3], b[1], b[3]) }

    /// Writes `left[0], right[0], …, left[3], right[3]` to eight consecutive floats.
    @inline(__always)
    static func interleave(_ left: SIMD4<Float>, _ right: SIMD4<Float>, into p: UnsafeMutablePointer<Float>) {
        store(SIMD4(left[0], right[0], left[1], right[1]), at: p)
        store(SIMD4(left[2], right[2], left[3], right[3]), at: p + 4)
    }
}
