import ChorusSupport
/// Fully connected layer `y = x · Wᵀ + b` on `N × inputs` rows, with `W`
/// stored `outputs × inputs` (PyTorch's `Linear` layout). Forward and each
/// gradient are one `cblas_sgemm` over the batch.
final class Dense: Layer {
    let inputs: Int
    let outputs: Int
    let output: Tensor
    let inputGradient: Tensor?

    init(inputs: Int, outputs: Int, batchCapacity: Int, computesInputGradient: Bool) {
        self.inputs = inputs
        self.outputs = outputs
        output = Tensor(shape: .vector(outputs), batchCapacity: batchCapacity)
        inputGradient = computesInputGradient ? Tensor(shape: .vector(inputs), batchCapacity: batchCapacity) : nil
    }

    func forward(_ x: Tensor, batch: Int, parameters: TensorSlice, training: Bool, generator: inout SeededGenerator) {
        check(x, holds: .vector(inputs), batch: batch)
        check(parameters, count: outputs * (inputs + 1))
        let weights = parameters.slice(from: 0, count: outputs * inputs)
        Kernels.broadcastColumns(parameters.slice(from: weights.count, count: outputs), into: output, rows: batch)
        Gemm.multiply(transposeA: false, transposeB: true, m: batch, n: outputs, k: inputs,
                      a: TensorSlice(x), lda: inputs, b: weights, ldb: inputs, beta: 1, c: TensorSlice(output), ldc: outputs)
    }

    func backward(_ dy: Tensor, input x: Tensor, batch: Int, parameters: TensorSlice, gradients: TensorSlice) {
        check(dy, holds: output.shape, batch: batch)
        check(x, holds: .vector(inputs), batch: batch)
        check(gradients, count: outputs * (inputs + 1))
        // dW = dYᵀ · X
        let weightGradient = gradients.slice(from: 0, count: outputs * inputs)
        Gemm.multiply(transposeA: true, transposeB: false, m: outputs, n: inputs, k: batch,
                      a: TensorSlice(dy), lda: outputs, b: TensorSlice(x), ldb: inputs, beta: 0, c: weightGradient, ldc: inputs)
        Kernels.columnSums(dy, rows: batch, into: gradients.slice(from: weightGradient.count, count: outputs))
        // dX = dY · W
        if let inputGradient {
            Gemm.multiply(transposeA: false, transposeB: false, m: batch, n: inputs, k: outputs,
                          a: TensorSlice(dy), lda: outputs, b: parameters.slice(from: 0, count: outputs * inputs), ldb: inputs,
                          beta: 0, c: TensorSlice(inputGradient), ldc: inputs)
        }
    }
}
