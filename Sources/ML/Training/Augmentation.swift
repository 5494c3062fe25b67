import ChorusSupport

/// Data augmentation of log-mel segments during training: a random circular
/// time shift, then SpecAugment masks (Park et al. 2019) that set bands of
/// consecutive frames (time masks) or mel bands (frequency masks) to the
/// segment's mean. Applied per batch by `Trainer`, drawn from the trainer's
/// seeded generator, so a seed still gives one run.
public struct Augmentation: Sendable, Equatable, Hashable, Codable {
    /// Largest circular shift, in frames, either way: each segment is rolled
    /// by a uniform offset in `-maximumShift...maximumShift`.
    public var maximumShift: Int
    /// Time masks per segment, each exactly `timeMaskWidth` frames wide.
    public var timeMasks: Int
    public var timeMaskWidth: Int
    /// Frequency masks per segment, each exactly `frequencyMaskWidth` mel bands high.
    public var frequencyMasks: Int
    public var frequencyMaskWidth: Int

    public init(maximumShift: Int, timeMasks: Int, timeMaskWidth: Int, frequencyMasks: Int, frequencyMaskWidth: Int) {
        self.maximumShift = maximumShift
        self.timeMasks = timeMasks
        self.timeMaskWidth = timeMaskWidth
        self.frequencyMasks = frequencyMasks
        self.frequencyMaskWidth = frequencyMaskWidth
    }

    /// No augmentation: segments are used as they are and no random numbers are drawn.
    public static let off = Augmentation(maximumShift: 0, timeMasks: 0, timeMaskWidth: 0, frequencyMasks: 0,
                                         frequencyMaskWidth: 0)

    /// The augmentation used by `chorus train --augment` and the experiments,
    /// for `height` × `width` segments: shifts up to half the frames either way
    /// (the clip's music goes on around a segment), two time masks of a tenth
    /// of the frames and two frequency masks of a tenth of the mel bands. On
    /// 128×130 (3 s): shifts up to 65 frames (1.5 s), masks of 13 frames (0.3 s)
    /// and of 12 mel bands.
    public static func standard(height: Int, width: Int) -> Augmentation {
        Augmentation(maximumShift: width / 2, timeMasks: 2, timeMaskWidth: width / 10, frequencyMasks: 2,
                     frequencyMaskWidth: height / 10)
    }

    /// True when `apply` leaves every segment unchanged.
    public var isIdentity: Bool {
        maximumShift == 0 && (timeMasks == 0 || timeMaskWidth == 0) && (frequencyMasks == 0 || frequencyMaskWidth == 0)
    }

    /// - Throws: `MLError.invalidOption` for a negative value, or a mask or shift
    ///   that does not fit a `height` × `width` segment.
    public func validate(height: Int, width: Int) throws(MLError) {
        for (field, value, limit) in [("augmentation shift", maximumShift, width - 1),
                                      ("augmentation time masks", timeMasks, 64),
                                      ("augmentation time mask width", timeMaskWidth, width),
                                      ("augmentation frequency masks", frequencyMasks, 64),
                                      ("augmentation frequency mask width", frequencyMaskWidth, height)]
        where !(0...max(limit, 0)).contains(value) {
            throw MLError.invalidOption(field: field, reason: "is \(value), expected 0...\(max(limit, 0))")
        }
    }

    /// Augments the `height` × `width` segments at the front of `values`
    /// (row-major, one mel band per row), `count` of them, in place.
    /// - Precondition: `values` holds at least `count` segments; the augmentation fits (see `validate`).
    public func apply(to values: inout [Float], count: Int, height: Int, width: Int,
                      generator: inout SeededGenerator) {
        guard !isIdentity else { return }
        let size = height * width
        precondition(values.count >= count * size, "augmentation past the end of the batch")
        var row = [Float](repeating: 0, count: width)
        for segment in 0..<count {
            let base = segment * size
            if maximumShift > 0 {
                let shift = generator.index(below: 2 * maximumShift + 1) - maximumShift
                for band in 0..<height { Self.roll(&values, start: base + band * width, width: width, by: shift, scratch: &row) }
            }
            guard timeMasks > 0 || frequencyMasks > 0 else { continue }
            var total: Float = 0
            for index in base..<(base + size) { total += values[index] }
            let mean = total / Float(size)
            for _ in 0..<timeMasks where timeMaskWidth > 0 {
                let start = generator.index(below: width - timeMaskWidth + 1)
                for band in 0..<height {
                    for frame in start..<(start + timeMaskWidth) { values[base + band * width + frame] = mean }
                }
            }
            for _ in 0..<frequencyMasks where frequencyMaskWidth > 0 {
                let start = generator.index(below: height - frequencyMaskWidth + 1)
                for index in (base + start * width)..<(base + (start + frequencyMaskWidth) * width) { values[index] = mean }
            }
        }
    }

    /// Rolls `width` values from `start` right by `shift` (left when negative), circularly.
    private static func roll(_ values: inout [Float], start: Int, width: Int, by shift: Int,
                             scratch: inout [Float]) {
        let offset = ((shift % width) + width) % width
        guard offset != 0 else { return }
        for frame in 0..<width { scratch[(frame + offset) % width] = values[start + frame] }
        for frame in 0..<width { values[start + frame] = scratch[frame] }
    }
}
