/// Inference forward by Winograd's F(2×2, 3×3) (Lavin & Gray 2016): each 2×2
/// block of outputs comes from the 4×4 input tile around it as
/// `Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`, 16 multiplications per input channel and tile
/// instead of im2col's 36 (four outputs × nine taps). Over a block of tiles
/// that is 16 matrix products `M[ξ] = U[ξ] · V[ξ]` (`Cout × Cin` by
/// `Cin × tiles`, through `Gemm`), and the transformed input `V` is 4/9 the
/// size of im2col's patches, so BLAS also packs less.
///
/// Training never comes here: it keeps the im2col path, so its outputs,
/// gradients and trained models stay bit for bit what they were. Inference
/// outputs differ from im2col's by rounding only: the transforms' factors are
/// 0, ±1 and ½, so in float32 each output stays within a few ulps of the sum
/// of its products' magnitudes (`Conv2DWinogradTests` bounds it at 1e-5 of
/// the output's scale).
///
/// Tiles start at even rows and columns; an odd last row or column comes from
/// zero padding and is not written. A worker takes its run's tiles in blocks of
/// whole tile rows, in its part of `scratch`, sized so that `V` and `M` stay
/// in its core's L2 cache. A following max-pool's windows are the 2×2 tiles,
/// so the output transform pools them itself (`transformOutput`).
extension Conv2D {
    /// Whether inference runs a general (im2col) layer by Winograd: when it has at least 16 input channels, the
    /// inner dimension of each of the 16 products, and one tile row's `V` and `M` fit a worker's patch scratch.
    /// Measured with `chorus bench train` (Ice Lake-SP, OpenBLAS SkylakeX kernels), Winograd wins on each of the
    /// default CNN's last three convolutions, the 16-channel one included (inference about 20% faster with it
    /// than with that layer on im2col); layers with fewer channels (small test networks) were not measured
    /// and keep im2col.
    static func runsWinograd(input: Shape, outputChannels: Int, patchesPerLane: Int) -> Bool {
        input.channels >= 16 && blockFloats(input: input, outputChannels: outputChannels, tileRows: 1) <= patchesPerLane
    }

    /// Bytes of `V` and `M` a worker transforms and multiplies at a time: they stay in its core's L2 cache
    /// (1.25 MB per core on Ice Lake-SP) from the input transform through the products to the output transform.
    static let bytesPerBlock = 1 << 20

    /// Floats of `V` and `M` for `tileRows` tile rows of an input of shape `input`.
    static func blockFloats(input: Shape, outputChannels: Int, tileRows: Int) -> Int {
        16 * (input.channels + outputChannels) * tileRows * ((input.width + 1) / 2)
    }

    /// Inference forward of `batch` samples of `x`: the weights transformed, then each worker's runs block by
    /// block (input transform, 16 products, output transform into the output or the following pool's).
    /// `transformed` is the layer's `winogradWeights`, rewritten here from `weights`.
    func forwardWinograd(_ x: Tensor, batch: Int, weights: TensorSlice, bias: TensorSlice, transformed: Tensor) {
        transformWeights(weights, into: transformed)
        let (inputs, outputs, filters) = (input.channels, outputChannels, outputChannels * input.channels)
        let (tilesHigh, tilesWide) = ((input.height + 1) / 2, (input.width + 1) / 2)
        // Whole tile rows per block, as many as `bytesPerBlock` and the worker's scratch hold (`runsWinograd` fits one).
        let blockBudget = min(patchesPerLane, Self.bytesPerBlock / MemoryLayout<Float>.stride)
        let rowBudget = max(1, blockBudget / Self.blockFloats(input: input, outputChannels: outputs, tileRows: 1))
        forEachRun(batch: batch) { lane, samples, _, _ in
            // Equal blocks of at most `rowBudget` tile rows.
            let tileRows = samples.count * tilesHigh
            let blocks = (tileRows + rowBudget - 1) / rowBudget
            let rowsPerBlock = (tileRows + blocks - 1) / blocks
            for start in stride(from: 0, to: tileRows, by: rowsPerBlock) {
                let rows = start..<min(tileRows, start + rowsPerBlock)
                let tiles = rows.count * tilesWide
                let v = TensorSlice(scratch, offset: lane * patchesPerLane, count: 16 * inputs * tiles)
                let m = TensorSlice(scratch, offset: v.offset + v.count, count: 16 * outputs * tiles)
                transformInput(x, batch: batch, first: samples.lowerBound, rows: rows, into: v)
                for xi in 0..<16 {
                    Gemm.multiply(transposeA: false, transposeB: false, m: outputs, n: tiles, k: inputs,
                                  a: TensorSlice(transformed, offset: xi * filters, count: filters), lda: inputs,
                                  b: v.slice(from: xi * inputs * tiles, count: inputs * tiles), ldb: tiles,
                                  beta: 0, c: m.slice(from: xi * outputs * tiles, count: outputs * tiles), ldc: tiles)
                }
                transformOutput(m, bias: bias, batch: batch, first: samples.lowerBound, rows: rows)
            }
        }
    }

    /// Writes `U = G g Gᵀ` of every filter `g`: 16 matrices `Cout × Cin`, `U[4i + j]` holding entry `(i, j)`.
    /// Recomputed per forward, since the parameters change between calls (a few FLOPs per weight).
    private func transformWeights(_ weights: TensorSlice, into transformed: Tensor) {
        let filters = outputChannels * input.channels
        precondition(weights.count == filters * 9 && transformed.count == 16 * filters, "Winograd weights of the wrong size")
        weights.withUnsafeValues { g in
            transformed.withUnsafeValues { u in
                for filter in 0..<filters {
                    let f = g + filter * 9
                    // G down each of the filter's three columns, then G along each of the four rows that gives.
                    let columns = (Self.g(f[0], f[3], f[6]), Self.g(f[1], f[4], f[7]), Self.g(f[2], f[5], f[8]))
                    for i in 0..<4 {
                        let row = Self.g(columns.0[i], columns.1[i], columns.2[i])
                        for j in 0..<4 { u[(4 * i + j) * filters + filter] = row[j] }
                    }
                }
            }
        }
    }

    /// `G · (a, b, c)` for `G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]`.
    private static func g(_ a: Float, _ b: Float, _ c: Float) -> SIMD4<Float> {
        SIMD4(a, (a + b + c) * 0.5, (a - b + c) * 0.5, c)
    }
}
