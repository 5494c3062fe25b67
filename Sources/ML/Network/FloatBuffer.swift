/// A fixed-size float workspace owned by one layer: allocated once per shape,
/// 64-byte aligned for SIMD and BLAS, freed in `deinit`. Layers hand its
/// pointer to kernels, so the hot loops never allocate or check uniqueness.
final class FloatBuffer {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>

    /// `count` floats, zeroed.
    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit {
        pointer.deallocate()
    }
}
