import ChorusSupport
/// 3×3 convolution, padding 1, stride 1, over a channel-major batch.
///
/// Lowered onto `cblas_sgemm` a few samples at a time: im2col builds a run's
/// `(Cin·9) × (n·H·W)` patch matrix in `scratch` (about 8 MB, so the products
/// read it from cache instead of a whole batch's, 77 MB at the default CNN's
/// second layer, from memory), and the weights `Cout × (Cin·9)` multiply it
/// straight into the run's columns of the `Cout × (N·H·W)` output, which is
/// already the next layer's layout. Backward lowers each run again, adds its
/// share of the weight gradient (`dY · colᵀ`), then overwrites the patches with
/// their gradients (`Wᵀ · dY`) and folds them back (col2im). A single-channel
/// layer that needs no input gradient (the first layer) skips the lowering:
/// its 9-tap filters run directly on zero-padded rows (`Conv2D+SingleChannel`).
/// When a max-pool follows, forward pools each run (each sample's planes on
/// the direct path) as soon as it is written, while it is still in cache.
final class Conv2D: Layer {
    let input: Shape
    let outputChannels: Int
    let output: Tensor
    let inputGradient: Tensor?
    /// One run's patch matrix, rows `samplesPerRun · H·W` apart (general path),
    /// or the batch's zero-padded planes (single-channel path).
    let scratch: Tensor
    /// Samples lowered and multiplied at a time.
    let samplesPerRun: Int
    /// The max-pool after this layer in its network, which forward fills run by run; whoever sets it
    /// (`NetworkWorkspace`) skips that pool's own forward.
    var followingPool: MaxPool2D? {
        willSet { precondition(newValue.map { $0.input == output.shape } ?? true, "the pool does not take this layer's output") }
    }

    /// Bytes of patches lowered and multiplied at a time: well inside the last-level cache.
    static let bytesPerRun = 8 << 20

    /// Whether this layer runs the single-channel direct path.
    var isDirect: Bool { input.channels == 1 && inputGradient == nil }

    init(input: Shape, outputChannels: Int, batchCapacity: Int, computesInputGradient: Bool) {
        self.input = input
        self.outputChannels = outputChannels
        output = Tensor(shape: Shape(channels: outputChannels, height: input.height, width: input.width),
                        batchCapacity: batchCapacity)
        inputGradient = computesInputGradient ? Tensor(shape: input, batchCapacity: batchCapacity) : nil
        let samplePatches = input.channels * 9 * input.plane * MemoryLayout<Float>.stride
        samplesPerRun = min(batchCapacity, max(1, Self.bytesPerRun / samplePatches))
        if input.channels == 1 && !computesInputGradient {
            scratch = Tensor(shape: Shape(channels: 1, height: input.height + 2, width: input.width + 2),
                             batchCapacity: batchCapacity)
        } else {
            scratch = Tensor(shape: Shape(channels: input.channels * 9, height: input.height, width: input.width),
                             batchCapacity: samplesPerRun)
        }
    }

    /// Weights per output channel, `Cin·9`.
    var patchSize: Int { input.channels * 9 }

    /// The batch's runs: samples lowered together and their columns in the `Cout × (N·H·W)` output.
    private func runs(batch: Int) -> some Sequence<(samples: Range<Int>, columns: Range<Int>)> {
        let (run, plane) = (samplesPerRun, input.plane)
        return stride(from: 0, to: batch, by: run).lazy.map { start in
            let samples = start..<min(batch, start + run)
            return (samples, (samples.lowerBound * plane)..<(samples.upperBound * plane))
        }
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: input, batch: batch)
        check(parameters, count: outputChannels * (patchSize + 1))
        let weights = parameters.slice(from: 0, count: outputChannels * patchSize)
        let bias = parameters.slice(from: weights.count, count: outputChannels)
        if isDirect {
            forwardDirect(x, batch: batch, weights: weights, bias: bias, training: training)
            return
        }
        let columns = batch * input.plane, runStride = samplesPerRun * input.plane
        for run in runs(batch: batch) {
            im2col(x, batch: batch, samples: run.samples)
            Kernels.broadcastRows(bias, into: output, rows: outputChannels, stride: columns, columns: run.columns)
            Gemm.multiply(transposeA: false, transposeB: false, m: outputChannels, n: run.columns.count, k: patchSize,
                          a: weights, lda: patchSize, b: TensorSlice(scratch), ldb: runStride, beta: 1,
                          c: TensorSlice(output, offset: run.columns.lowerBound, count: output.count - run.columns.lowerBound),
                          ldc: columns)
            followingPool?.pool(output, batch: batch, samples: run.samples, training: training)
        }
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: output.shape, batch: batch)
        check(x, holds: input, batch: batch)
        check(gradients, count: outputChannels * (patchSize + 1))
        let columns = batch * input.plane, runStride = samplesPerRun * input.plane
        let weightGradient = gradients.slice(from: 0, count: outputChannels * patchSize)
        let biasGradient = gradients.slice(from: weightGradient.count, count: outputChannels)
        Kernels.rowSums(dy, rows: outputChannels, columns: columns, into: biasGradient)
        if isDirect {
            weightGradientDirect(dy, batch: batch, into: weightGradient)
            return
        }
        let weights = parameters.slice(from: 0, count: outputChannels * patchSize)
        for run in runs(batch: batch) {
            let runGradient = TensorSlice(dy, offset: run.columns.lowerBound, count: dy.count - run.columns.lowerBound)
            im2col(x, batch: batch, samples: run.samples)
            // dW += dY · colᵀ over this run's columns.
            Gemm.multiply(transposeA: false, transposeB: true, m: outputChannels, n: patchSize, k: run.columns.count,
                          a: runGradient, lda: columns, b: TensorSlice(scratch), ldb: runStride,
                          beta: run.samples.lowerBound == 0 ? 0 : 1, c: weightGradient, ldc: patchSize)
            guard let dx = inputGradient else { continue }
            // dCol = Wᵀ · dY overwrites the run's patches, then folds back onto its input samples.
            Gemm.multiply(transposeA: true, transposeB: false, m: patchSize, n: run.columns.count, k: outputChannels,
                          a: weights, lda: patchSize, b: runGradient, ldb: columns,
                          beta: 0, c: TensorSlice(scratch), ldc: runStride)
            col2im(into: dx, batch: batch, samples: run.samples)
        }
    }
}
