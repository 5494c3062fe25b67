import ChorusSupport
/// 3×3 convolution, padding 1, stride 1, over a channel-major batch.
///
/// Lowered onto `cblas_sgemm`: im2col builds the `(Cin·9) × (N·H·W)` patch
/// matrix and the weights `Cout × (Cin·9)` multiply it straight into the
/// `Cout × (N·H·W)` output, which is already the next layer's layout. Forward
/// lowers and multiplies a few samples' columns at a time (about 8 MB of
/// patches), so the product reads patches still in cache rather than a whole
/// batch's (77 MB at the default CNN's second layer) from memory; the whole
/// matrix stays in `scratch` for the backward pass. Backward reuses the patch matrix for the weight gradient
/// (one sgemm), then overwrites it with the patch gradients (one sgemm) and
/// folds them back (col2im). A single-channel layer that needs no input
/// gradient (the first layer) skips the lowering: its 9-tap filters run
/// directly on zero-padded rows (`Conv2D+SingleChannel`).
final class Conv2D: Layer {
    let input: Shape
    let outputChannels: Int
    let output: Tensor
    let inputGradient: Tensor?
    /// The im2col patch matrix (general path) or zero-padded planes (single-channel path).
    let scratch: Tensor

    /// Whether this layer runs the single-channel direct path.
    var isDirect: Bool { input.channels == 1 && inputGradient == nil }

    init(input: Shape, outputChannels: Int, batchCapacity: Int, computesInputGradient: Bool) {
        self.input = input
        self.outputChannels = outputChannels
        output = Tensor(shape: Shape(channels: outputChannels, height: input.height, width: input.width),
                        batchCapacity: batchCapacity)
        inputGradient = computesInputGradient ? Tensor(shape: input, batchCapacity: batchCapacity) : nil
        if input.channels == 1 && !computesInputGradient {
            scratch = Tensor(shape: Shape(channels: 1, height: input.height + 2, width: input.width + 2),
                             batchCapacity: batchCapacity)
        } else {
            scratch = Tensor(shape: Shape(channels: input.channels * 9, height: input.height, width: input.width),
                             batchCapacity: batchCapacity)
        }
    }

    /// Weights per output channel, `Cin·9`.
    var patchSize: Int { input.channels * 9 }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: input, batch: batch)
        check(parameters, count: outputChannels * (patchSize + 1))
        let weights = parameters.slice(from: 0, count: outputChannels * patchSize)
        let bias = parameters.slice(from: weights.count, count: outputChannels)
        if isDirect {
            forwardDirect(x, batch: batch, weights: weights, bias: bias)
            return
        }
        // A few samples at a time, so each run's patches are still in cache when the product reads them.
        let columns = batch * input.plane
        for start in stride(from: 0, to: batch, by: samplesPerRun) {
            let samples = start..<min(batch, start + samplesPerRun)
            let run = (samples.lowerBound * input.plane)..<(samples.upperBound * input.plane)
            im2col(x, batch: batch, samples: samples)
            Kernels.broadcastRows(bias, into: output, rows: outputChannels, stride: columns, columns: run)
            Gemm.multiply(transposeA: false, transposeB: false, m: outputChannels, n: run.count, k: patchSize,
                          a: weights, lda: patchSize, b: TensorSlice(scratch, offset: run.lowerBound, count: scratch.count - run.lowerBound),
                          ldb: columns, beta: 1, c: TensorSlice(output, offset: run.lowerBound, count: output.count - run.lowerBound),
                          ldc: columns)
        }
    }

    /// Bytes of patches lowered and multiplied at a time: well inside the last-level cache.
    static let bytesPerRun = 8 << 20

    /// Samples whose patches (`Cin·9 × H·W` each) make up one run of the forward pass.
    var samplesPerRun: Int { max(1, Self.bytesPerRun / (patchSize * input.plane * MemoryLayout<Float>.stride)) }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: output.shape, batch: batch)
        check(x, holds: input, batch: batch)
        check(gradients, count: outputChannels * (patchSize + 1))
        let columns = batch * input.plane
        let weightGradient = gradients.slice(from: 0, count: outputChannels * patchSize)
        let biasGradient = gradients.slice(from: weightGradient.count, count: outputChannels)
        Kernels.rowSums(dy, rows: outputChannels, columns: columns, into: biasGradient)
        if isDirect {
            weightGradientDirect(dy, batch: batch, into: weightGradient)
            return
        }
        // dW = dY · colᵀ, while the patch matrix still holds this batch's patches.
        Gemm.multiply(transposeA: false, transposeB: true, m: outputChannels, n: patchSize, k: columns,
                      a: TensorSlice(dy), lda: columns, b: TensorSlice(scratch), ldb: columns,
                      beta: 0, c: weightGradient, ldc: patchSize)
        guard let dx = inputGradient else { return }
        // dCol = Wᵀ · dY overwrites the patches, then folds back onto the input.
        let weights = parameters.slice(from: 0, count: outputChannels * patchSize)
        Gemm.multiply(transposeA: true, transposeB: false, m: patchSize, n: columns, k: outputChannels,
                      a: weights, lda: patchSize, b: TensorSlice(dy), ldb: columns,
                      beta: 0, c: TensorSlice(scratch), ldc: columns)
        col2im(into: dx, batch: batch)
    }
}
