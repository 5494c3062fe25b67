import ChorusSupport
/// 3×3 convolution, padding 1, stride 1, over a channel-major batch.
///
/// Lowered onto one `cblas_sgemm` per batch: im2col builds the
/// `(Cin·9) × (N·H·W)` patch matrix and the weights `Cout × (Cin·9)` multiply
/// it straight into the `Cout × (N·H·W)` output, which is already the next
/// layer's layout. Backward reuses the patch matrix for the weight gradient
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
        let columns = batch * input.plane
        im2col(x, batch: batch)
        Kernels.broadcastRows(bias, into: output, rows: outputChannels, columns: columns)
        Gemm.multiply(transposeA: false, transposeB: false, m: outputChannels, n: columns, k: patchSize,
                      a: weights, lda: patchSize, b: TensorSlice(scratch), ldb: columns,
                      beta: 1, c: TensorSlice(output), ldc: columns)
    }

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
