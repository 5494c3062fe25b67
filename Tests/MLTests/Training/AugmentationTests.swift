import ChorusSupport
import ML
import Testing
import TestSupport

/// Time shifts and SpecAugment masks change exactly what they say, and nothing when off.
struct AugmentationTests {
    static let height = 12, width = 20

    /// `count` segments of distinct random values in [-80, 0] dB (no value equals a segment's mean).
    static func segments(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<(count * height * width)).map { _ in -80 * Float(generator.next() % 1_000_003) / 1_000_003 }
    }

    static func augmented(_ values: [Float], count: Int, with augmentation: Augmentation, seed: UInt64) -> [Float] {
        var copy = values
        var generator = SeededGenerator(seed: seed)
        augmentation.apply(to: &copy, count: count, height: height, width: width, generator: &generator)
        return copy
    }

    @Test func offLeavesSegmentsUntouchedAndDrawsNoRandomNumbers() {
        let values = Self.segments(3, seed: 1)
        var generator = SeededGenerator(seed: 5)
        var copy = values
        Augmentation.off.apply(to: &copy, count: 3, height: Self.height, width: Self.width, generator: &generator)
        var fresh = SeededGenerator(seed: 5)
        #expect(copy == values)
        #expect(generator.next() == fresh.next(), "the trainer's stream (shuffles, dropout) is unchanged when off")
        #expect(Augmentation.off.isIdentity)
        #expect(!Augmentation.standard(height: 128, width: 130).isIdentity)
    }

    @Test(arguments: [1, 4, 7])
    func timeMaskSetsExactlyItsWidthOfFramesToTheMeanAndLeavesTheRest(maskWidth: Int) {
        let augmentation = Augmentation(maximumShift: 0, timeMasks: 1, timeMaskWidth: maskWidth, frequencyMasks: 0,
                                        frequencyMaskWidth: 0)
        for seed in UInt64(0)..<20 {
            let values = Self.segments(1, seed: seed)
            let mean = values.reduce(0, +) / Float(values.count)
            let result = Self.augmented(values, count: 1, with: augmentation, seed: seed)
            let masked = (0..<Self.width).filter { frame in
                (0..<Self.height).allSatisfy { result[$0 * Self.width + frame] == mean }
            }
            #expect(masked.count == maskWidth, "seed \(seed): masked frames \(masked)")
            #expect(masked.last.map { $0 - masked[0] + 1 } == maskWidth, "seed \(seed): one run of consecutive frames")
            for band in 0..<Self.height {
                for frame in 0..<Self.width where !masked.contains(frame) {
                    #expect(result[band * Self.width + frame] == values[band * Self.width + frame], "seed \(seed)")
                }
            }
        }
    }

    @Test(arguments: [1, 3, 6])
    func frequencyMaskSetsExactlyItsWidthOfBandsToTheMeanAndLeavesTheRest(maskWidth: Int) {
        let augmentation = Augmentation(maximumShift: 0, timeMasks: 0, timeMaskWidth: 0, frequencyMasks: 1,
                                        frequencyMaskWidth: maskWidth)
        for seed in UInt64(0)..<20 {
            let values = Self.segments(1, seed: seed)
            let mean = values.reduce(0, +) / Float(values.count)
            let result = Self.augmented(values, count: 1, with: augmentation, seed: seed)
            let masked = (0..<Self.height).filter { band in
                (0..<Self.width).allSatisfy { result[band * Self.width + $0] == mean }
            }
            #expect(masked.count == maskWidth, "seed \(seed): masked bands \(masked)")
            #expect(masked.last.map { $0 - masked[0] + 1 } == maskWidth, "seed \(seed): one run of consecutive bands")
            for band in 0..<Self.height where !masked.contains(band) {
                let row = (band * Self.width)..<((band + 1) * Self.width)
                #expect(Array(result[row]) == Array(values[row]), "seed \(seed), band \(band)")
            }
        }
    }

    @Test func shiftRollsEveryBandOfASegmentByOneOffsetWithinTheLimitKeepingItsContent() {
        let limit = 5
        let augmentation = Augmentation(maximumShift: limit, timeMasks: 0, timeMaskWidth: 0, frequencyMasks: 0,
                                        frequencyMaskWidth: 0)
        let count = 40
        let values = Self.segments(count, seed: 9)
        let result = Self.augmented(values, count: count, with: augmentation, seed: 3)
        var offsets = Set<Int>()
        for segment in 0..<count {
            let base = segment * Self.height * Self.width
            // The offset k with result[band][(t + k) mod width] == values[band][t] for every band and frame.
            let matching = (-limit...limit).filter { k in
                (0..<Self.height).allSatisfy { band in
                    (0..<Self.width).allSatisfy { t in
                        let target = ((t + k) % Self.width + Self.width) % Self.width
                        return result[base + band * Self.width + target] == values[base + band * Self.width + t]
                    }
                }
            }
            #expect(matching.count == 1, "segment \(segment): a roll by one offset within ±\(limit), found \(matching)")
            offsets.formUnion(matching)
            let segmentRange = base..<(base + Self.height * Self.width)
            #expect(result[segmentRange].sorted() == values[segmentRange].sorted(), "segment \(segment): same values")
        }
        #expect(offsets.count > 3, "offsets vary between segments: \(offsets.sorted())")
    }

    @Test func validationRejectsAMaskWiderThanTheSegmentOrAShiftOfAWholeSegment() {
        let wide = Augmentation(maximumShift: 0, timeMasks: 1, timeMaskWidth: 21, frequencyMasks: 0, frequencyMaskWidth: 0)
        #expect(throws: MLError.invalidOption(field: "augmentation time mask width", reason: "is 21, expected 0...20")) {
            try wide.validate(height: Self.height, width: Self.width)
        }
        let whole = Augmentation(maximumShift: 20, timeMasks: 0, timeMaskWidth: 0, frequencyMasks: 0, frequencyMaskWidth: 0)
        #expect(throws: MLError.self) { try whole.validate(height: Self.height, width: Self.width) }
        #expect(throws: Never.self) {
            try Augmentation.standard(height: Self.height, width: Self.width).validate(height: Self.height, width: Self.width)
        }
    }

    @Test func trainerAppliesAugmentationReproduciblyAndOffMatchesPlainTraining() throws {
        let data = TrainerTests.bands(clips: 6, seed: 3)
        let plain = TrainingOptions(epochs: 2, batchSize: 4, optimizer: .sgd(learningRate: 0.05), seed: 7)
        var augmented = plain
        augmented.augmentation = .standard(height: data.melBands, width: data.frames)
        var unchanged = plain  // masks of width 0 and no frequency masks: an identity augmentation
        unchanged.augmentation = Augmentation(maximumShift: 0, timeMasks: 2, timeMaskWidth: 0, frequencyMasks: 0,
                                            frequencyMaskWidth: 4)
        let start = try Network(architecture: TrainerTests.architecture, seed: 1)
        var a = start, b = start, c = start, d = start
        _ = try Trainer.train(&a, on: data, options: plain)
        _ = try Trainer.train(&b, on: data, options: augmented)
        _ = try Trainer.train(&c, on: data, options: augmented)
        #expect(a != b, "augmented batches give another run")
        #expect(b == c, "the same seed gives the same augmented run")
        _ = try Trainer.train(&d, on: data, options: unchanged)
        #expect(d == a, "an augmentation that changes nothing trains exactly as without one")
    }
}
