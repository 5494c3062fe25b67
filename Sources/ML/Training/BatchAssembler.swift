import ChorusSupport

/// Copies the segments of one shuffled mini-batch into contiguous input and
/// label buffers, sized once for the batch capacity.
struct BatchAssembler {
    let segmentSize: Int
    private var input: [Float]
    private var labels: [Int32]

    init(segmentSize: Int, capacity: Int) {
        self.segmentSize = segmentSize
        input = [Float](repeating: 0, count: segmentSize * capacity)
        labels = [Int32](repeating: 0, count: capacity)
    }

    /// Gathers the segments at `members` (indices into `data`) to the front of the buffers.
    mutating func gather(_ members: ArraySlice<Int>, from data: FeatureSet) {
        precondition(members.count <= labels.count, "batch exceeds its capacity")
        let size = segmentSize
        input.withUnsafeMutableBufferPointer { destination in
            data.values.withUnsafeBufferPointer { source in
                for (slot, segment) in members.enumerated() {
                    _ = UnsafeMutableBufferPointer(rebasing: destination[(slot * size)..<((slot + 1) * size)])
                        .update(fromContentsOf: source[(segment * size)..<((segment + 1) * size)])
                }
            }
        }
        for (slot, segment) in members.enumerated() { labels[slot] = data.labels[segment] }
    }

    /// Augments the first `count` gathered segments in place (nothing for `.off`).
    mutating func augment(_ count: Int, with augmentation: Augmentation, height: Int, width: Int,
                          generator: inout SeededGenerator) {
        precondition(height * width == segmentSize, "augmentation shape differs from the batch's segments")
        input.withUnsafeMutableBufferPointer { values in
            augmentation.apply(to: values, count: count, height: height, width: width, generator: &generator)
        }
    }

    /// Runs `body` with the start of the input and label buffers.
    func withPointers<R>(_ body: (UnsafePointer<Float>, UnsafePointer<Int32>) -> R) -> R {
        input.withUnsafeBufferPointer { inputBuffer in
            labels.withUnsafeBufferPointer { labelBuffer in
                guard let input = inputBuffer.baseAddress, let labels = labelBuffer.baseAddress else {
                    preconditionFailure("a batch has at least one segment")
                }
                return body(input, labels)
            }
        }
    }
}
