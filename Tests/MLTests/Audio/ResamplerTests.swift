import Foundation
import ML
import Testing
import TestSupport

/// The band-limited resampler keeps the pass band's level and removes what
/// lies above the new Nyquist frequency.
struct ResamplerTests {
    /// `seconds` of a sine of `hertz` at `rate`, amplitude 0.5.
    private func tone(hertz: Double, rate: Int, seconds: Double = 1) -> [Float] {
        (0..<Int(seconds * Double(rate))).map { Float(0.5 * sin(2 * Double.pi * hertz * Double($0) / Double(rate))) }
    }

    /// RMS level in dB relative to full scale of the middle half (away from the edges' transients).
    private func middleLevel(_ samples: [Float]) -> Double {
        let middle = samples[(samples.count / 4)..<(3 * samples.count / 4)]
        let power = middle.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(middle.count)
        return 10 * log10(power)
    }

    @Test(arguments: [44100, 48000, 32000, 16000, 11025, 8000, 96000, 22051])
    func oneKilohertzToneKeepsItsLevelWithinATenthOfADecibel(rate: Int) {
        let input = tone(hertz: 1000, rate: rate)
        let output = Resampler(from: rate, to: 22050).resample(input)
        #expect(output.count == Resampler(from: rate, to: 22050).outputCount(for: input.count))
        #expect(abs(output.count - 22050) <= 1)
        let difference = middleLevel(output) - middleLevel(input)
        #expect(abs(difference) < 0.1, "level changed by \(difference) dB at \(rate) Hz")
    }

    @Test(arguments: [(44100, 11500.0), (44100, 15000.0), (48000, 12000.0), (48000, 20000.0), (96000, 30000.0)])
    func toneAboveTheNewNyquistFrequencyIsAttenuatedBySixtyDecibels(rate: Int, hertz: Double) {
        let input = tone(hertz: hertz, rate: rate)
        let output = Resampler(from: rate, to: 22050).resample(input)
        let attenuation = middleLevel(input) - middleLevel(output)
        #expect(attenuation >= 60, "a \(hertz) Hz tone at \(rate) Hz is only \(attenuation) dB down")
    }

    /// The band limit: the same 7200 Hz low-pass at every input rate, at equal rates too.
    @Test(arguments: [16000, 22050, 44100])
    func bandLimitKeepsTonesBelowItAndRemovesTonesAbove(rate: Int) {
        let resampler = Resampler(from: rate, to: 22050, bandLimit: 7200)
        #expect(!resampler.isIdentity)
        for hertz in [1000.0, 5000] {
            let input = tone(hertz: hertz, rate: rate)
            let difference = middleLevel(resampler.resample(input)) - middleLevel(input)
            #expect(abs(difference) < 0.1, "a \(hertz) Hz tone at \(rate) Hz changed by \(difference) dB")
        }
        // 9 kHz lies above the 16 kHz file's Nyquist frequency: only the faster rates can hold it.
        if rate > 18000 {
            let input = tone(hertz: 9000, rate: rate)
            let attenuation = middleLevel(input) - middleLevel(resampler.resample(input))
            #expect(attenuation >= 60, "a 9000 Hz tone at \(rate) Hz is only \(attenuation) dB down")
        }
    }

    @Test func equalRatesWithoutABandLimitAreTheIdentity() {
        #expect(Resampler(from: 22050, to: 22050).isIdentity)
        #expect(Resampler(from: 16000, to: 16000).isIdentity)
    }

    /// A band limit at 0.9 of a 16 kHz file's Nyquist frequency (where 22.05 or 44.1 kHz audio
    /// resampled to 16 kHz is cut anyway) still low-passes a file already at 16 kHz, with the same
    /// filter: a tone in the transition band comes out at the same level from every rate.
    @Test(arguments: [7000.0, 7400, 7700])
    func bandLimitAtTheOutputsCutOffFiltersEqualRatesAsResamplingDoes(hertz: Double) {
        let passesThrough = Resampler(from: 16000, to: 16000, bandLimit: 7200).isIdentity
        #expect(!passesThrough, "a 16 kHz file would skip the filter 22.05 and 44.1 kHz files go through")
        let levels = [16000, 22050, 44100].map { rate in
            middleLevel(Resampler(from: rate, to: 16000, bandLimit: 7200).resample(tone(hertz: hertz, rate: rate)))
        }
        #expect(levels.allSatisfy { abs($0 - levels[1]) < 0.1 }, "\(hertz) Hz at 16/22.05/44.1 kHz: \(levels) dB")
        if hertz >= 7700 {
            let attenuation = middleLevel(tone(hertz: hertz, rate: 16000)) - levels[0]
            #expect(attenuation >= 30, "a \(hertz) Hz tone at 16 kHz is only \(attenuation) dB down")
        }
    }

    @Test func decodingA44100HertzFileResamplesItTo22050() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("tone.wav")
        try AudioFileFormat.wavFloat.write(tone(hertz: 1000, rate: 44100, seconds: 2), sampleRate: 44100, to: url)
        let decoded = try AudioDecoder.decodeMono22050(url)
        #expect(decoded.count == 44100)
        #expect(abs(middleLevel(decoded) - middleLevel(tone(hertz: 1000, rate: 22050))) < 0.1)
    }
}
