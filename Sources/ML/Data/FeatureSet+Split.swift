import ChorusSupport
extension FeatureSet {
    /// The segment indices of each clip, in segment order.
    public var segmentsByClip: [[Int]] {
        var segments = [[Int]](repeating: [], count: clips.count)
        for (segment, clip) in clipIndices.enumerated() { segments[Int(clip)].append(segment) }
        return segments
    }

    /// The label of each clip (that of its first segment), nil for a clip without segments.
    public var clipLabels: [Int?] {
        var labels = [Int?](repeating: nil, count: clips.count)
        for (label, clip) in zip(self.labels, clipIndices) where labels[Int(clip)] == nil {
            labels[Int(clip)] = Int(label)
        }
        return labels
    }

    /// The segments of `clips` (indices into `self.clips`), in the order given.
    /// The result lists only these clips, renumbered from 0; label names are kept.
    /// - Complexity: O(segments of the set + values copied).
    public func subset(clips selected: [Int]) -> FeatureSet {
        let byClip = segmentsByClip
        var values: [Float] = []
        var labels: [Int32] = []
        var clipIndices: [Int32] = []
        let segmentCount = selected.reduce(0) { $0 + byClip[$1].count }
        values.reserveCapacity(segmentCount * segmentSize)
        labels.reserveCapacity(segmentCount)
        clipIndices.reserveCapacity(segmentCount)
        for (newIndex, clip) in selected.enumerated() {
            for segment in byClip[clip] {
                values += self.values[(segment * segmentSize)..<((segment + 1) * segmentSize)]
                labels.append(self.labels[segment])
                clipIndices.append(Int32(newIndex))
            }
        }
        return FeatureSet(labelNames: labelNames, melBands: melBands, frames: frames, values: values,
                          labels: labels, clipIndices: clipIndices, clips: selected.map { self.clips[$0] },
                          parameters: parameters)
    }

    /// A deterministic split by clip (never by segment), stratified by label:
    /// within each label, the clips are shuffled with `seed`, then
    /// round(n · testFraction) go to test and round(n · validationFraction) to
    /// validation, always leaving at least one clip of a label for training.
    /// Clips without segments are left out.
    /// - Precondition: both fractions are in [0, 1) and sum below 1.
    public func split(seed: UInt64, validationFraction: Double, testFraction: Double)
        -> (train: FeatureSet, validation: FeatureSet, test: FeatureSet) {
        precondition((0..<1).contains(validationFraction) && (0..<1).contains(testFraction)
                     && validationFraction + testFraction < 1, "fractions must be in [0, 1) and sum below 1")
        var random = SeededGenerator(seed: seed)
        var train: [Int] = [], validation: [Int] = [], test: [Int] = []
        for var members in clipsByLabel() {
            random.shuffle(&members)
            let n = members.count
            let testCount = min(Int((Double(n) * testFraction).rounded()), max(0, n - 1))
            let validationCount = min(Int((Double(n) * validationFraction).rounded()), max(0, n - 1 - testCount))
            test += members[0..<testCount]
            validation += members[testCount..<(testCount + validationCount)]
            train += members[(testCount + validationCount)...]
        }
        return (subset(clips: train.sorted()), subset(clips: validation.sorted()), subset(clips: test.sorted()))
    }

    /// Clip indices grouped by label, in label order; each group in clip order.
    func clipsByLabel() -> [[Int]] {
        var groups = [[Int]](repeating: [], count: labelNames.count)
        for (clip, label) in clipLabels.enumerated() {
            if let label { groups[label].append(clip) }
        }
        return groups
    }
}
