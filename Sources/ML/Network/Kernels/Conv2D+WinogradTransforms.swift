/// The tile transforms of `Conv2D+Winograd`, one tile row at a time, four
/// tiles per 4-lane vector step: the input's `Bᵀ d B` with
/// `Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]`, and the output's
/// `Aᵀ M A + bias` with `Aᵀ = [1 1 1 0; 0 1 −1 −1]`. A row's last few tiles
/// go through the same formulas in lane 0 alone.
///
/// Tile `(r, t)` of a block of tile rows `rows` (tile row `r` counted over the
/// run, `tilesHigh` per sample) sits in column `(r − rows.lowerBound)·tilesWide + t`
/// of every `V[ξ]` and `M[ξ]`; its input window is rows `2·tileRow − 1 …
/// 2·tileRow + 2` and columns `2t − 1 … 2t + 2` of its sample's plane, zero
/// outside.
extension Conv2D {
    /// Writes the 16 matrices `V[ξ]` (`Cin × tiles`, one after the other) of the tiles in `rows` of the run
    /// starting at sample `first` of a batch of `batch`.
    func transformInput(_ x: Tensor, batch: Int, first: Int, rows: Range<Int>, into v: TensorSlice) {
        let tilesHigh = (input.height + 1) / 2
        precondition(first >= 0 && first + (rows.upperBound + tilesHigh - 1) / tilesHigh <= batch && batch * input.count <= x.count
                     && v.count == 16 * input.channels * rows.count * ((input.width + 1) / 2), "tiles outside the batch or the scratch")
        x.withUnsafeValues { x in
            v.withUnsafeValues { v in transformInput(UnsafePointer(x), batch: batch, first: first, rows: rows, into: v) }
        }
    }

    private func transformInput(_ x: UnsafePointer<Float>, batch: Int, first: Int, rows: Range<Int>, into v: UnsafeMutablePointer<Float>) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let (tilesHigh, tilesWide) = ((height + 1) / 2, (width + 1) / 2)
        let (columns, tiles) = (batch * plane, rows.count * tilesWide)
        let matrix = input.channels * tiles
        // Row i of a tile row's Bᵀ d: padded column 2k (input column 2k − 1) at `even + i·span + k`, padded column
        // 2k + 1 (input column 2k) at `odd + i·span + k`, for k < span: tilesWide + 1 rounded up to whole 4-lane steps.
        let span = (tilesWide + 4) / 4 * 4
        // The tile row's input rows copied between zeros: padded column j at `j`, `2·span` of them.
        let paddedWidth = 2 * span
        Parallel.forEach(input.channels) { channel in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * span + 5 * paddedWidth) { buffer in
                guard let even = buffer.baseAddress else { return }
                buffer.initialize(repeating: 0)
                let odd = even + 4 * span, padded = even + 8 * span, zeros = UnsafePointer(padded + 4 * paddedWidth)
                for row in rows {
                    let (sample, tileRow) = (first + row / tilesHigh, row % tilesHigh)
                    let source = x + channel * columns + sample * plane
                    func paddedRow(_ r: Int) -> UnsafePointer<Float> {
                        let h = 2 * tileRow - 1 + r
                        guard h >= 0 && h < height else { return zeros }
                        let p = padded + r * paddedWidth
                        (p + 1).update(from: source + h * width, count: width)
                        return UnsafePointer(p)
                    }
                    let (d0, d1, d2, d3) = (paddedRow(0), paddedRow(1), paddedRow(2), paddedRow(3))
                    func store(_ u: (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>), at p: UnsafeMutablePointer<Float>) {
                        Kernels.store(u.0, at: p); Kernels.store(u.1, at: p + span)
                        Kernels.store(u.2, at: p + 2 * span); Kernels.store(u.3, at: p + 3 * span)
                    }
                    // Bᵀ d down the columns, padded columns 2k … 2k + 7 split into even and odd four at a time.
                    for k in stride(from: 0, to: span, by: 4) {
                        func split(_ d: UnsafePointer<Float>) -> (SIMD4<Float>, SIMD4<Float>) {
                            let (a, b) = (Kernels.load4(d + 2 * k), Kernels.load4(d + 2 * k + 4))
                            return (Kernels.evens(a, b), Kernels.odds(a, b))
                        }
                        let (e0, o0) = split(d0), (e1, o1) = split(d1), (e2, o2) = split(d2), (e3, o3) = split(d3)
                        store(Self.inputColumns(e0, e1, e2, e3), at: even + k)
                        store(Self.inputColumns(o0, o1, o2, o3), at: odd + k)
                    }
                    // (Bᵀ d) B along each row i: tile t's padded columns 2t, 2t + 1, 2t + 2, 2t + 3.
                    let column = channel * tiles + (row - rows.lowerBound) * tilesWide
                    for i in 0..<4 {
                        let (e, o) = (UnsafePointer(even + i * span), UnsafePointer(odd + i * span))
                        let v0 = v + 4 * i * matrix + column
                        let (v1, v2, v3) = (v0 + matrix, v0 + 2 * matrix, v0 + 3 * matrix)
                        var t = 0
                        while t + 4 <= tilesWide {
                            let r = Self.inputRows(Kernels.load4(e + t), Kernels.load4(o + t), Kernels.load4(e + t + 1), Kernels.load4(o + t + 1))
                            Kernels.store(r.0, at: v0 + t); Kernels.store(r.1, at: v1 + t)
                            Kernels.store(r.2, at: v2 + t); Kernels.store(r.3, at: v3 + t)
                            t += 4
                        }
                        for t in t..<tilesWide {
                            let r = Self.inputRows(SIMD4(e[t], 0, 0, 0), SIMD4(o[t], 0, 0, 0), SIMD4(e[t + 1], 0, 0, 0), SIMD4(o[t + 1], 0, 0, 0))
                            (v0[t], v1[t], v2[t], v3[t]) = (r.0[0], r.1[0], r.2[0], r.3[0])
                        }
                    }
                }
            }
        }
    }

    /// `Bᵀ (d0, d1, d2, d3)` lane by lane: the window's four rows, combined.
    @inline(__always)
    private static func inputColumns(_ d0: SIMD4<Float>, _ d1: SIMD4<Float>, _ d2: SIMD4<Float>, _ d3: SIMD4<Float>)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
    }

    /// `(a, b, c, d) B` lane by lane: a row's four padded columns 2t … 2t + 3, combined.
    @inline(__always)
    private static func inputRows(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>, _ d: SIMD4<Float>)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        (a - c, b + c, c - b, b - d)
    }

    /// Writes `Aᵀ M A + bias` of the tiles in `rows` (the 16 matrices `M[ξ]`, `Cout × tiles`, one after the other)
    /// into the output's run starting at sample `first` of a batch of `batch`, or, when a max-pool follows, each
    /// tile's maximum (with the pool's ReLU) straight into the pool's output: the 2×2 tiles are the pool's
    /// windows, so the output is not written and the pool takes no pass of its own.
    func transformOutput(_ m: TensorSlice, bias: TensorSlice, batch: Int, first: Int, rows: Range<Int>) {
        let tilesHigh = (input.height + 1) / 2
        precondition(first >= 0 && first + (rows.upperBound + tilesHigh - 1) / tilesHigh <= batch
                     && batch * output.shape.count <= output.count && bias.count == outputChannels
                     && m.count == 16 * outputChannels * rows.count * ((input.width + 1) / 2), "tiles outside the batch or the scratch")
        m.withUnsafeValues { m in
            bias.withUnsafeValues { b in
                guard let pool = followingPool else {
                    output.withUnsafeValues { y in
                        transformOutput(UnsafePointer(m), bias: UnsafePointer(b), batch: batch, first: first, rows: rows, into: y)
                    }
                    return
                }
                precondition(batch * pool.output.shape.count <= pool.output.count, "batch outside the pool's output")
                pool.output.withUnsafeValues { p in
                    poolOutput(UnsafePointer(m), bias: UnsafePointer(b), batch: batch, first: first, rows: rows, into: p,
                               floor: pool.rectified ? 0 : -.infinity)
                }
            }
        }
    }

    /// The pooled form of `transformOutput`: `max(floor, y00, y01, y10, y11)` per whole tile; an odd last row or
    /// column of tiles pools nothing (the pool floors odd sizes).
    private func poolOutput(_ m: UnsafePointer<Float>, bias: UnsafePointer<Float>, batch: Int, first: Int, rows: Range<Int>,
                            into pooled: UnsafeMutablePointer<Float>, floor: Float) {
        let (tilesHigh, tilesWide) = ((input.height + 1) / 2, (input.width + 1) / 2)
        let (outHeight, outWidth) = (input.height / 2, input.width / 2)
        let tiles = rows.count * tilesWide
        let matrix = outputChannels * tiles
        Parallel.forEach(outputChannels) { channel in
            let (b, low) = (SIMD4<Float>(repeating: bias[channel]), SIMD4<Float>(repeating: floor))
            func maximum(_ y: (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)) -> SIMD4<Float> {
                Kernels.larger(Kernels.larger(Kernels.larger(y.0, y.1), Kernels.larger(y.2, y.3)), low)
            }
            for row in rows {
                let (sample, tileRow) = (first + row / tilesHigh, row % tilesHigh)
                guard tileRow < outHeight else { continue }
                let out = pooled + ((channel * batch + sample) * outHeight + tileRow) * outWidth
                let tile = m + channel * tiles + (row - rows.lowerBound) * tilesWide
                var t = 0
                while t + 4 <= outWidth {
                    Kernels.store(maximum(Self.outputTile({ Kernels.load4(tile + t + $0 * matrix) }, bias: b)), at: out + t)
                    t += 4
                }
                for t in t..<outWidth { out[t] = maximum(Self.outputTile({ SIMD4(tile[t + $0 * matrix], 0, 0, 0) }, bias: b))[0] }
            }
        }
    }

    private func transformOutput(_ m: UnsafePointer<Float>, bias: UnsafePointer<Float>, batch: Int, first: Int, rows: Range<Int>,
                                 into y: UnsafeMutablePointer<Float>) {
        let (height, width, plane) = (input.height, input.width, input.plane)
        let (tilesHigh, tilesWide) = ((height + 1) / 2, (width + 1) / 2)
        let (columns, tiles) = (batch * plane, rows.count * tilesWide)
        let (matrix, pairs) = (outputChannels * tiles, width / 2)
        Parallel.forEach(outputChannels) { channel in
            let b = SIMD4<Float>(repeating: bias[channel])
            for row in rows {
                let (sample, tileRow) = (first + row / tilesHigh, row % tilesHigh)
                let top = y + channel * columns + sample * plane + 2 * tileRow * width
                // The plane's odd last row holds only its tiles' top halves.
                let hasBottom = 2 * tileRow + 1 < height
                let tile = m + channel * tiles + (row - rows.lowerBound) * tilesWide
                var t = 0
                // Four tiles whose two columns both lie in the plane per step.
                while t + 4 <= pairs {
                    let (y00, y01, y10, y11) = Self.outputTile({ Kernels.load4(tile + t + $0 * matrix) }, bias: b)
                    if hasBottom { Kernels.interleave(y10, y11, into: top + width + 2 * t) }
                    Kernels.interleave(y00, y01, into: top + 2 * t)
                    t += 4
                }
                for t in t..<tilesWide {
                    let (y00, y01, y10, y11) = Self.outputTile({ SIMD4(tile[t + $0 * matrix], 0, 0, 0) }, bias: b)
                    let right = 2 * t + 1 < width
                    if hasBottom {
                        top[width + 2 * t] = y10[0]
                        if right { top[width + 2 * t + 1] = y11[0] }
                    }
                    top[2 * t] = y00[0]
                    if right { top[2 * t + 1] = y01[0] }
                }
            }
        }
    }

    /// `Aᵀ M A + bias` lane by lane, entry ξ of M from `m(ξ)`: the tiles' outputs `(y00, y01, y10, y11)`.
    @inline(__always)
    private static func outputTile(_ m: (Int) -> SIMD4<Float>, bias: SIMD4<Float>)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        // Row i of M A: (m_i0 + m_i1 + m_i2, m_i1 − m_i2 − m_i3).
        func row(_ i: Int) -> (SIMD4<Float>, SIMD4<Float>) {
            let (a, b, c, d) = (m(4 * i), m(4 * i + 1), m(4 * i + 2), m(4 * i + 3))
            return (a + b + c, b - c - d)
        }
        let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3))
        return (r0.0 + r1.0 + r2.0 + bias, r0.1 + r1.1 + r2.1 + bias, r1.0 - r2.0 - r3.0 + bias, r1.1 - r2.1 - r3.1 + bias)
    }
}
