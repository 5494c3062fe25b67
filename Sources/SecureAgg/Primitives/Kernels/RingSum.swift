/// The server's sum in the ring Z_2^32: every received vector is added word by word,
/// wrapping. One pass over both buffers with no bounds checks in the loop.
package enum RingSum {
    /// sum ← sum + vector (mod 2^32, word by word).
    /// - Precondition: `vector.count == sum.count`.
    package static func add(_ vector: [UInt32], into sum: inout [UInt32]) {
        precondition(vector.count == sum.count, "vector and sum differ in length")
        sum.withUnsafeMutableBufferPointer { total in
            vector.withUnsafeBufferPointer { input in
                for index in 0..<total.count { total[index] &+= input[index] }
            }
        }
    }
}
