import ML
import Testing

/// Clips are cut into whole 3 s segments of 66150 samples; the rest is dropped.
struct SegmentationTests {
    @Test(arguments: [(661_500, 10), (661_794, 10), (66150, 1), (66149, 0), (0, 0), (143_325, 2)])
    func segmentCountIsWholeThreeSecondSegments(samples: Int, segments: Int) {
        #expect(Segmentation.segmentCount(sampleCount: samples) == segments)
    }

    @Test func segmentsAreContiguousWithoutOverlap() {
        #expect(Segmentation.range(ofSegment: 0) == 0..<66150)
        #expect(Segmentation.range(ofSegment: 3) == 198_450..<264_600)
        #expect(Segmentation.secondsPerSegment == 3)
    }

    @Test func clipShorterThanOneSegmentIsAnErrorNamingIt() {
        #expect(throws: AudioError.tooShort(path: "a.wav", seconds: 2, minimumSeconds: 3)) {
            try Segmentation.requireSegments(sampleCount: 44100, path: "a.wav")
        }
    }
}
