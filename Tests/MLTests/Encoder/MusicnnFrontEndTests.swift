import Foundation
import ML
import Testing

/// musicnn's front end: patch counts as its extractor cuts them, the mel band of a tone, log compression.
struct MusicnnFrontEndTests {
    @Test(arguments: [(186, 0), (187, 1), (373, 1), (374, 2), (1876, 10)])
    func cutsWholeNonOverlappingPatches(frames: Int, patches: Int) {
        #expect(MusicnnFrontEnd.patchCount(frameCount: frames) == patches)
    }

    @Test func silenceIsZeroAfterLogCompression() {
        let patches = MusicnnFrontEnd().patches(of: [Float](repeating: 0, count: 48_000))
        #expect(patches.count == 1)
        #expect(patches.first?.allSatisfy { $0 == 0 } == true)
    }

    @Test func aToneLandsInTheMelBandOfItsFrequency() throws {
        // 1 kHz is FFT bin 32 at 16 kHz and 512 points; its loudest band is the filter weighting bin 32 most.
        let samples = (0..<56_000).map { Float(sin(2 * Double.pi * 1000 * Double($0) / 16_000)) }
        let patch = try #require(MusicnnFrontEnd().patches(of: samples).first)
        let filterbank = MelFilterbank(sampleRate: 16_000, fftSize: 512, bandCount: 96, maximumHertz: 8000)
        let expected = (0..<96).max { filterbank.weight(band: $0, bin: 32) < filterbank.weight(band: $1, bin: 32) }
        let frame = Array(patch[(100 * 96)..<(101 * 96)])
        #expect(frame.indices.max { frame[$0] < frame[$1] } == expected)
        // Power of a unit sine under a periodic Hann window of 512: (512 / 4)² = 16384 at the peak bin.
        #expect(frame.max().map { $0 > log10(10_000 * 0.1 + 1) } == true)
    }
}
