import ML
import Testing

/// The sparse Slaney filterbank equals librosa's dense one.
struct MelFilterbankTests {
    @Test func slaneyScaleIsLinearBelowOneKilohertzAndLogarithmicAbove() {
        #expect(MelScale.mel(fromHertz: 0) == 0)
        #expect(abs(MelScale.mel(fromHertz: 200.0 / 3) - 1) < 1e-12)
        #expect(abs(MelScale.mel(fromHertz: 1000) - 15) < 1e-12)
        // 27 mels per factor 6.4 above 1 kHz.
        #expect(abs(MelScale.mel(fromHertz: 6400) - 42) < 1e-9)
        for hertz in [0.0, 300, 999, 1000, 1001, 5000, 11025] {
            #expect(abs(MelScale.hertz(fromMel: MelScale.mel(fromHertz: hertz)) - hertz) < 1e-9 * max(1, hertz))
        }
    }

    /// Today's fmax (8000 Hz) and the one of models made before band limiting (11025 Hz).
    @Test(arguments: [FeatureParameters.standard, .fullBand])
    func weightsEqualLibrosaEverywhere(parameters: FeatureParameters) throws {
        let vectors = try LibrosaVectors.load(for: parameters)
        let filterbank = MelFilterbank(sampleRate: 22050, fftSize: 2048, bandCount: 128,
                                       maximumHertz: parameters.melMaximumHertz)
        #expect(filterbank.bandCount == 128 && filterbank.binCount == 1025)
        var expected = [[Float]](repeating: [Float](repeating: 0, count: 1025), count: 128)
        for entry in vectors.mel_filterbank { expected[Int(entry[0])][Int(entry[1])] = Float(entry[2]) }
        var worst: Float = 0
        for band in 0..<128 {
            for bin in 0..<1025 {
                let ours = filterbank.weight(band: band, bin: bin), theirs = expected[band][bin]
                // Zero must stay zero (the sparsity pattern is exact); non-zero weights agree to float rounding.
                #expect((ours == 0) == (theirs == 0), "band \(band) bin \(bin): \(ours) vs \(theirs)")
                worst = max(worst, abs(ours - theirs) / max(theirs, 1e-12))
            }
        }
        #expect(worst < 1e-6, "worst relative weight difference \(worst)")
    }
}
