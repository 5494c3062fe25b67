/// A contiguous run of a tensor's values: one layer's parameters or
/// gradients within the network's flat vectors (`count` may be 0 for a layer
/// without parameters).
package struct TensorSlice {
    package let tensor: Tensor
    package let offset: Int
    package let count: Int

    /// Values `offset ..< offset + count` of `tensor`.
    package init(_ tensor: Tensor, offset: Int, count: Int) {
        precondition(offset >= 0 && count >= 0 && offset + count <= tensor.count,
                     "slice \(offset)..<\(offset + count) outside a tensor of \(tensor.count)")
        self.tensor = tensor
        self.offset = offset
        self.count = count
    }

    /// All of `tensor`.
    package init(_ tensor: Tensor) {
        self.init(tensor, offset: 0, count: tensor.count)
    }

    /// Values `start ..< start + count` of this slice.
    package func slice(from start: Int, count: Int) -> TensorSlice {
        precondition(start >= 0 && start + count <= self.count, "sub-slice \(start)..<\(start + count) outside a slice of \(self.count)")
        return TensorSlice(tensor, offset: offset + start, count: count)
    }

    /// Kernels only: the slice's first value's address, valid inside `body`.
    @inline(__always)
    func withUnsafeValues<R>(_ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        tensor.withUnsafeValues { body($0 + offset) }
    }
}
