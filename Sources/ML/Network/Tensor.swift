/// A batch of activations, or a flat vector (parameters, gradients, scratch),
/// in one fixed-size buffer the tensor owns: sized once, 64-byte aligned for
/// SIMD and BLAS, zeroed at creation, freed in `deinit`.
///
/// Layers pass tensors, never addresses: a layer checks the shapes it is
/// given and hands the tensors to its kernels, which alone open the storage
/// (`withUnsafeValues`) for the length of one call. A tensor is a reference
/// type on purpose: a workspace allocates it once and every step writes the
/// same memory, with no uniqueness checks or copies in the hot path.
package final class Tensor {
    /// Values per sample.
    package let shape: Shape
    /// Samples the storage holds.
    package let batchCapacity: Int
    /// `batchCapacity × shape.count` values.
    package let count: Int
    private let storage: UnsafeMutablePointer<Float>

    /// A zeroed tensor for up to `batchCapacity` samples of `shape`.
    package init(shape: Shape, batchCapacity: Int) {
        precondition(batchCapacity >= 1 && shape.count >= 0, "a tensor holds at least one sample of a valid shape")
        self.shape = shape
        self.batchCapacity = batchCapacity
        count = batchCapacity * shape.count
        let capacity = max(count, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Float>.stride, alignment: 64)
        storage = raw.bindMemory(to: Float.self, capacity: capacity)
        storage.initialize(repeating: 0, count: capacity)
    }

    /// A zeroed flat vector of `count` values (one sample of `.vector(count)`).
    package convenience init(count: Int) {
        self.init(shape: .vector(count), batchCapacity: 1)
    }

    /// A flat vector holding `values` (any count, also none).
    package convenience init(_ values: [Float]) {
        self.init(count: values.count)
        assign(values[...])
    }

    /// A tensor holding `values`, `values.count / shape.count` samples of `shape`.
    package convenience init(_ values: [Float], shape: Shape) {
        precondition(shape.count > 0 && values.count % shape.count == 0 && !values.isEmpty,
                     "\(values.count) values are not whole samples of \(shape.count)")
        self.init(shape: shape, batchCapacity: values.count / shape.count)
        assign(values[...])
    }

    deinit {
        storage.deinitialize(count: max(count, 1))
        storage.deallocate()
    }

    /// The first `batch` samples, copied out.
    package func values(batch: Int) -> [Float] {
        precondition(batch >= 0 && batch <= batchCapacity, "batch \(batch) outside the tensor's capacity \(batchCapacity)")
        return Array(UnsafeBufferPointer(start: storage, count: batch * shape.count))
    }

    /// Copies `values` to the start of the tensor.
    package func assign(_ values: ArraySlice<Float>) {
        precondition(values.count <= count, "\(values.count) values do not fit a tensor of \(count)")
        values.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            storage.update(from: base, count: source.count)
        }
    }

    /// Copies the first `count` values out into `destination[start ..< start + count]` (allocates nothing).
    package func copy(_ count: Int, into destination: inout [Float], at start: Int = 0) {
        precondition(count >= 0 && count <= self.count && start >= 0 && start + count <= destination.count,
                     "\(count) values do not fit at \(start) of \(destination.count)")
        destination.withUnsafeMutableBufferPointer { target in
            guard let base = target.baseAddress else { return }
            (base + start).update(from: storage, count: count)
        }
    }

    /// Kernels only: the storage's address, valid inside `body` and never kept.
    @inline(__always)
    func withUnsafeValues<R>(_ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        withExtendedLifetime(self) { body(storage) }
    }
}
