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
        for (slot, segment) in members.enumerated() {
            input[(slot * size)..<((slot + 1) * size)] = data.values[(segment * size)..<((segment + 1) * size)]
            labels[slot] = data.labels[segment]
        }
    }

    /// Augments the first `count` gathered segments in place (nothing for `.off`).
    mutating func augment(_ count: Int, with augmentation: Augmentation, height: Int, width: Int,
                          generator: inout SeededGenerator) {
        precondition(height * width == segmentSize, "augmentation shape differs from the batch's segments")
        augmentation.apply(to: &input, count: count, height: height, width: width, generator: &generator)
    }

    /// The first `count` gathered segments and their labels.
    func batch(_ count: Int) -> (input: ArraySlice<Float>, labels: ArraySlice<Int32>) {
        precondition(count >= 1 && count <= labels.count, "a batch has 1...capacity segments")
        return (input[..<(count * segmentSize)], labels[..<count])
    }
}
