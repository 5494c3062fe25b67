/// Cuts a 22050 Hz clip into 3 s segments: 66150 samples each, no overlap,
/// the remainder dropped (a 30 s clip gives 10, a 2.9 s clip none).
public enum Segmentation {
    /// Samples per segment: 3 s at 22050 Hz.
    public static let samplesPerSegment = 66150

    /// Seconds per segment.
    public static let secondsPerSegment = Double(samplesPerSegment) / Double(AudioDecoder.sampleRate)

    /// How many whole segments `sampleCount` samples hold.
    public static func segmentCount(sampleCount: Int) -> Int {
        sampleCount / samplesPerSegment
    }

    /// The sample range of segment `index`.
    public static func range(ofSegment index: Int) -> Range<Int> {
        (index * samplesPerSegment)..<((index + 1) * samplesPerSegment)
    }

    /// The number of segments of a decoded clip, which must have at least one.
    /// - Throws: `AudioError.tooShort` naming `path` when the clip is shorter than 3 s.
    public static func requireSegments(sampleCount: Int, path: String) throws(AudioError) -> Int {
        let count = segmentCount(sampleCount: sampleCount)
        guard count > 0 else {
            throw .tooShort(path: path, seconds: Double(sampleCount) / Double(AudioDecoder.sampleRate),
                            minimumSeconds: secondsPerSegment)
        }
        return count
    }
}
