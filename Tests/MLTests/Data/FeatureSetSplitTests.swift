import ML
import Testing

/// Splits and subsets are by clip, stratified and deterministic.
struct FeatureSetSplitTests {
    /// `clipsPerLabel[l]` clips of label l, each with 1 + (clip % 3) segments of 2 values holding the clip index.
    private func set(clipsPerLabel: [Int]) -> FeatureSet {
        var values: [Float] = [], labels: [Int32] = [], clipIndices: [Int32] = [], clips: [String] = []
        for (label, count) in clipsPerLabel.enumerated() {
            for _ in 0..<count {
                let clip = clips.count
                clips.append("l\(label)/c\(clip)")
                for _ in 0...(clip % 3) {
                    values += [Float(clip), Float(clip)]
                    labels.append(Int32(label))
                    clipIndices.append(Int32(clip))
                }
            }
        }
        return FeatureSet(labelNames: clipsPerLabel.indices.map { "l\($0)" }, melBands: 1, frames: 2, values: values,
                          labels: labels, clipIndices: clipIndices, clips: clips)
    }

    @Test func subsetKeepsTheClipsSegmentsAndRenumbers() {
        let full = set(clipsPerLabel: [3, 2])
        let part = full.subset(clips: [4, 1])
        #expect(part.clips == ["l1/c4", "l0/c1"])
        #expect(part.labels == [1, 1, 0, 0])
        #expect(part.clipIndices == [0, 0, 1, 1])
        #expect(part.values == [4, 4, 4, 4, 1, 1, 1, 1])
        #expect(part.labelNames == full.labelNames)
    }

    @Test(arguments: [UInt64(0), 1, 2, 3, 4, 5, 6, 7])
    func splitPartitionsClipsStratifiedAndNeverSplitsAClip(seed: UInt64) {
        let full = set(clipsPerLabel: [10, 10, 7, 1])
        let (train, validation, test) = full.split(seed: seed, validationFraction: 0.2, testFraction: 0.2)
        let all = train.clips + validation.clips + test.clips
        #expect(all.count == full.clips.count, "seed \(seed)")
        #expect(Set(all) == Set(full.clips), "seed \(seed): every clip in exactly one split")
        #expect(train.count + validation.count + test.count == full.count, "no segment lost")
        for part in [train, validation, test] {
            // Each segment's values name its clip: segments travelled with their clip.
            for segment in 0..<part.count {
                let clipNumber = Int(part.clips[Int(part.clipIndices[segment])].split(separator: "c").last ?? "") ?? -1
                #expect(part.values[segment * 2] == Float(clipNumber))
            }
        }
        func count(_ part: FeatureSet, label: Int) -> Int { part.clipLabels.filter { $0 == label }.count }
        #expect([count(test, label: 0), count(test, label: 1), count(test, label: 2), count(test, label: 3)] == [2, 2, 1, 0])
        #expect([count(validation, label: 0), count(validation, label: 2)] == [2, 1])
        #expect(count(train, label: 3) == 1, "a single-clip label stays in training")
    }

    @Test func splitIsDeterministicForASeedAndDiffersAcrossSeeds() {
        let full = set(clipsPerLabel: [20, 20])
        let first = full.split(seed: 11, validationFraction: 0.1, testFraction: 0.3)
        let again = full.split(seed: 11, validationFraction: 0.1, testFraction: 0.3)
        let other = full.split(seed: 12, validationFraction: 0.1, testFraction: 0.3)
        #expect(first.test.clips == again.test.clips && first.train.clips == again.train.clips)
        #expect(first.test.clips != other.test.clips)
    }
}
