import Federation
import ML

/// The vector secure aggregation masks in a round of the default CNN: its 622,154
/// parameters after the randomized rotation, which pads them to a power of two
/// (d' = 1,048,576 words). `bench mask` and `bench secagg` default to its size, so
/// their figures are a real round's.
enum DefaultMaskedVector {
    static let words = UpdateLayout.vectorLength(dimension: Architecture.default.parameterCount)
}
