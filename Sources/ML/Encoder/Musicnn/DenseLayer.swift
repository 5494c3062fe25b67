/// A dense layer at inference, y = x W + b with W stored [inputs, outputs]
/// (TensorFlow's `dense/kernel`), one `cblas_sgemm` for a row of inputs.
package struct DenseLayer: Sendable {
    let kernel: [Float]
    let bias: [Float]
    let inputs: Int
    let outputs: Int

    package init(kernel: EncoderTensor, bias: EncoderTensor) {
        precondition(kernel.shape.count == 2 && bias.shape == [kernel.shape[1]], "a [inputs, outputs] kernel and its bias")
        self.kernel = kernel.values
        self.bias = bias.values
        inputs = kernel.shape[0]
        outputs = kernel.shape[1]
    }

    package func apply(_ input: [Float]) -> [Float] {
        precondition(input.count == inputs, "one input row")
        var output = bias
        Gemm.multiply(transposeA: false, transposeB: false, m: 1, n: outputs, k: inputs,
                      a: input, lda: inputs, b: kernel, ldb: outputs, beta: 1, c: &output, ldc: outputs)
        return output
    }
}
