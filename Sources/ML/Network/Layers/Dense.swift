import ChorusSupport
/// Fully connected layer `y = x · Wᵀ + b` on `N × inputs` rows, with `W`
/// stored `outputs × inputs` (PyTorch's `Linear` layout). Forward and each
/// gradient are one `cblas_sgemm` over the batch.
final class Dense: BufferedLayer {
    let inputs: Int
    let outputs: Int
    let outputBuffer: FloatBuffer
    let inputGradientBuffer: FloatBuffer?

    init(inputs: Int, outputs: Int, batchCapacity: Int, computesInputGradient: Bool) {
        self.inputs = inputs
        self.outputs = outputs
        outputBuffer = FloatBuffer(count: batchCapacity * outputs)
        inputGradientBuffer = computesInputGradient ? FloatBuffer(count: batchCapacity * inputs) : nil
    }


    func forward(_ x: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>,
                 training: Bool, generator: inout SeededGenerator) {
        let bias = parameters + outputs * inputs
        for sample in 0..<batch {
            (output + sample * outputs).update(from: bias, count: outputs)
        }
        Gemm.multiply(transposeA: false, transposeB: true, m: batch, n: outputs, k: inputs,
                      a: x, lda: inputs, b: parameters, ldb: inputs, beta: 1, c: output, ldc: outputs)
    }

    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        // dW = dYᵀ · X
        Gemm.multiply(transposeA: true, transposeB: false, m: outputs, n: inputs, k: batch,
                      a: dy, lda: outputs, b: x, ldb: inputs, beta: 0, c: gradients, ldc: inputs)
        let biasGradient = gradients + outputs * inputs
        for unit in 0..<outputs {
            var total: Float = 0
            for sample in 0..<batch { total += dy[sample * outputs + unit] }
            biasGradient[unit] = total
        }
        // dX = dY · W
        if let dx = inputGradient {
            Gemm.multiply(transposeA: false, transposeB: false, m: batch, n: inputs, k: outputs,
                          a: dy, lda: outputs, b: parameters, ldb: inputs, beta: 0, c: dx, ldc: inputs)
        }
    }
}
