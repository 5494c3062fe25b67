/// One named weight tensor of an encoder: its shape (TensorFlow's order,
/// e.g. [time, freq, in, out] for a convolution kernel) and its values, row-major.
public struct EncoderTensor: Equatable, Sendable {
    public let shape: [Int]
    public let values: [Float]

    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "values fill the shape")
        self.shape = shape
        self.values = values
    }
}
