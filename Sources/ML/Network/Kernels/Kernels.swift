/// Small vector kernels the layers share. The pointer forms take raw
/// pointers opened once by their caller (another kernel); the tensor forms
/// open the storage themselves and check sizes first. The loops are written so the compiler vectorises them
/// (`add`, `scale`) or use explicit 8-lane accumulators where a float reduction
/// would otherwise stay scalar (`sum`, `dot`). Accumulating in 8 lanes changes
/// the summation order, which moves results by a few ulps: fine for training.
enum Kernels {
    /// `destination[i] += source[i]` for `i < count`.
    @inline(__always)
    static func add(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { destination[i] += source[i] }
    }

    /// `destination[i] += source[i]` over two slices of equal length (a worker's partial sum into the total).
    static func add(_ source: TensorSlice, into destination: TensorSlice) {
        precondition(source.count == destination.count, "added slices differ in length")
        source.withUnsafeValues { s in
            destination.withUnsafeValues { d in add(UnsafePointer(s), into: d, count: source.count) }
        }
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

    /// Position of the largest value in `row`, counted from its start (the first on ties).
    static func argmax<Row: RandomAccessCollection>(_ row: Row) -> Int where Row.Element == Float, Row.Index == Int {
        var best = row.startIndex
        for k in row.indices where row[k] > row[best] { best = k }
        return best - row.startIndex
    }

    /// Sets columns `start ..< start + count` of row `r` of a `rows × stride` matrix at the start of
    /// `destination` to `values[r]` (a bias per channel over a run of samples).
    static func broadcastRows(_ values: TensorSlice, into destination: Tensor, rows: Int, stride: Int, columns: Range<Int>) {
        precondition(values.count >= rows && columns.lowerBound >= 0 && columns.upperBound <= stride && rows * stride <= destination.count,
                     "bias rows outside their tensors")
        values.withUnsafeValues { v in
            destination.withUnsafeValues { d in
                for row in 0..<rows { fill(d + row * stride + columns.lowerBound, with: v[row], count: columns.count) }
            }
        }
    }

    /// Sets each of the first `rows` rows of `values.count` values in `destination` to `values` (a bias per sample).
    static func broadcastColumns(_ values: TensorSlice, into destination: Tensor, rows: Int) {
        let columns = values.count
        precondition(rows * columns <= destination.count, "bias rows outside their tensor")
        values.withUnsafeValues { v in
            destination.withUnsafeValues { d in
                for row in 0..<rows { (d + row * columns).update(from: v, count: columns) }
            }
        }
    }

    /// `sums[r] = Σ source[r, ·]` over the `rows × columns` start of `source` (a bias gradient per channel),
    /// rows spread over the cores (a convolution's whole output gradient: 34 MB at the default CNN's first layer).
    static func rowSums(_ source: Tensor, rows: Int, columns: Int, into sums: TensorSlice) {
        precondition(sums.count >= rows && rows * columns <= source.count, "summed rows outside their tensors")
        source.withUnsafeValues { s in
            sums.withUnsafeValues { out in
                Parallel.forEach(rows) { row in out[row] = sum(s + row * columns, count: columns) }
            }
        }
    }

    /// `sums[c] = Σ source[·, c]` over the first `rows` rows of `sums.count` values (a bias gradient per unit).
    static func columnSums(_ source: Tensor, rows: Int, into sums: TensorSlice) {
        let columns = sums.count
        precondition(rows * columns <= source.count, "summed rows outside their tensor")
        source.withUnsafeValues { s in
            sums.withUnsafeValues { out in
                for column in 0..<columns {
                    var total: Float = 0
                    for row in 0..<rows { total += s[row * columns + column] }
                    out[column] = total
                }
            }
        }
    }

    /// `Σ values[i]²` in 8 lanes.
    static func sumOfSquares(_ values: [Float]) -> Float {
        values.withUnsafeBufferPointer { v in
            guard let base = v.baseAddress else { return 0 }
            return dot(base, base, count: v.count)
        }
    }
}
