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
final class Conv2D: BufferedLayer {
    let input: Shape
    let outputChannels: Int
    let batchCapacity: Int
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer?
    /// The im2col patch matrix (general path) or zero-padded planes (single-channel path).
    let scratch: FloatBuffer

    /// Whether this layer runs the single-channel direct path.
    var isDirect: Bool { input.channels == 1 && inputGradientBuffer == nil }

    init(input: Shape, outputChannels: Int, batchCapacity: Int, computesInputGradient: Bool) {
        self.input = input
        self.outputChannels = outputChannels
        self.batchCapacity = batchCapacity
        outputBuffer = FloatBuffer(count: batchCapacity * outputChannels * input.plane)
        inputGradientBuffer = computesInputGradient ? FloatBuffer(count: batchCapacity * input.count) : nil
        if input.channels == 1 && !computesInputGradient {
            scratch = FloatBuffer(count: batchCapacity * (input.height + 2) * (input.width + 2))
        } else {
            scratch = FloatBuffer(count: input.channels * 9 * batchCapacity * input.plane)
        }
    }


    /// Weights per output channel, `Cin·9`.
    var patchSize: Int { input.channels * 9 }

    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        precondition(batch <= batchCapacity, "batch exceeds the workspace")
        let bias = parameters + outputChannels * patchSize
        if isDirect {
            forwardDirect(x, batch: batch, weights: parameters, bias: bias)
            return
        }
        let columns = batch * input.plane
        im2col(x, batch: batch)
        for channel in 0..<outputChannels {
            Kernels.fill(output + channel * columns, with: bias[channel], count: columns)
        }
        Gemm.multiply(transposeA: false, transposeB: false, m: outputChannels, n: columns, k: patchSize,
                      a: parameters, lda: patchSize, b: scratch.pointer, ldb: columns,
                      beta: 1, c: output, ldc: columns)
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let columns = batch * input.plane
        let biasGradient = gradients + outputChannels * patchSize
        for channel in 0..<outputChannels {
            biasGradient[channel] = Kernels.sum(dy + channel * columns, count: columns)
        }
        if isDirect {
            weightGradientDirect(dy, batch: batch, into: gradients)
            return
        }
        // dW = dY · colᵀ, while the patch matrix still holds this batch's patches.
        Gemm.multiply(transposeA: false, transposeB: true, m: outputChannels, n: patchSize, k: columns,
                      a: dy, lda: columns, b: scratch.pointer, ldb: columns,
                      beta: 0, c: gradients, ldc: patchSize)
        guard let dx = inputGradient else { return }
        // dCol = Wᵀ · dY overwrites the patches, then folds back onto the input.
        Gemm.multiply(transposeA: true, transposeB: false, m: patchSize, n: columns, k: outputChannels,
                      a: parameters, lda: patchSize, b: dy, ldb: columns,
                      beta: 0, c: scratch.pointer, ldc: columns)
        col2im(into: dx, batch: batch)
    }
}
