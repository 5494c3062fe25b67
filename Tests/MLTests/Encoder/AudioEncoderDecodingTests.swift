import Foundation
import ML
import Testing
import TestSupport

/// The encoder reads the same 16 kHz signal whatever the file's sample rate.
struct AudioEncoderDecodingTests {
    /// One second of tones at 440, 3000, 6000 and 7600 Hz (amplitude 0.2 each) sampled at `rate`:
    /// the same sound at every rate, 7600 Hz lying between the encoder's band limit and 8 kHz.
    private func tones(rate: Int) -> [Float] {
        (0..<rate).map { index in
            let time = Double(index) / Double(rate)
            return Float([440.0, 3000, 6000, 7600].reduce(0) { $0 + 0.2 * sin(2 * Double.pi * $1 * time) })
        }
    }

    /// A 16 kHz file is low-passed as resampling cuts a 22.05 or 44.1 kHz one: without the band
    /// limit on 16 kHz files the 7600 Hz tone would be 0.19 apart (there at full level, cut elsewhere).
    @Test(arguments: [22050, 44100])
    func decodesTheSameSoundAtSixteenKilohertzAsAtOtherRates(rate: Int) throws {
        let directory = try TemporaryDirectory()
        var decoded: [[Float]] = []
        for fileRate in [16000, rate] {
            let url = directory.file("tones-\(fileRate).wav")
            try AudioFileFormat.wavFloat.write(tones(rate: fileRate), sampleRate: fileRate, to: url)
            decoded.append(try AudioEncoder.samples(of: url))
        }
        #expect(decoded.allSatisfy { $0.count == AudioEncoder.sampleRate })
        let middle = (AudioEncoder.sampleRate / 4)..<(3 * AudioEncoder.sampleRate / 4)
        let difference = middle.map { abs(decoded[0][$0] - decoded[1][$0]) }.max() ?? .infinity
        #expect(difference < 1e-3, "16 kHz and \(rate) Hz files decode \(difference) apart")
    }
}
