import CSndfile
import ML
import Foundation
import Testing
import TestSupport

/// libsndfile and FFTW are linked and compute what they promise (OpenBLAS:
/// `BLASKernelsTests`).
struct CLibrarySmokeTests {
    @Test func wavWrittenAndReadBackByLibsndfileEqualsTheSamples() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("tone.wav").path
        var generator = SplitMix64(seed: 7)
        let samples = (0..<4410).map { _ in Float.random(in: -1...1, using: &generator) }

        var info = SF_INFO()
        info.samplerate = 22050
        info.channels = 1
        info.format = Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        let writer = try #require(sf_open(path, Int32(SFM_WRITE), &info))
        let written = samples.withUnsafeBufferPointer { sf_writef_float(writer, $0.baseAddress, sf_count_t($0.count)) }
        #expect(written == sf_count_t(samples.count))
        #expect(sf_close(writer) == 0)

        var readInfo = SF_INFO()
        let reader = try #require(sf_open(path, Int32(SFM_READ), &readInfo))
        defer { sf_close(reader) }
        #expect(readInfo.samplerate == 22050)
        #expect(readInfo.channels == 1)
        #expect(readInfo.frames == sf_count_t(samples.count))
        var back = [Float](repeating: .nan, count: samples.count)
        let read = back.withUnsafeMutableBufferPointer { sf_readf_float(reader, $0.baseAddress, sf_count_t($0.count)) }
        #expect(read == sf_count_t(samples.count))
        #expect(back == samples)  // 32-bit float WAV is lossless
    }

    @Test func fftwRealToComplexEqualsNaiveDFT() throws {
        let n = 64
        var generator = SplitMix64(seed: 11)
        let signal = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
        // Through ML's plan cache: FFTW's planner is not thread-safe and other
        // tests plan in parallel, so planning must go through its one lock.
        let fft = RealFFT.shared(size: n)
        let buffers = RealFFT.Buffers(size: n)
        for i in 0..<n { buffers.input[i] = signal[i] }
        fft.transform(buffers)

        for k in 0...(n / 2) {
            var re = 0.0, im = 0.0
            for t in 0..<n {
                let angle = -2 * Double.pi * Double(k * t) / Double(n)
                re += Double(signal[t]) * cos(angle)
                im += Double(signal[t]) * sin(angle)
            }
            // Single precision over 64 terms of magnitude <= 1: 1e-4 is ample.
            #expect(abs(Double(buffers.output[2 * k]) - re) < 1e-4, "bin \(k) real")
            #expect(abs(Double(buffers.output[2 * k + 1]) - im) < 1e-4, "bin \(k) imaginary")
        }
    }
}
