import Foundation

/// musicnn's log-mel kernel: framing, FFT, power, mel projection and log over
/// pointers opened once per clip. Everything outside this folder calls the safe
/// `patches(of:)`.
extension MusicnnFrontEnd {
    /// The whole clip's log-mel spectrogram: `1 + samples.count / 256` frames of 96 bands, time-major.
    func logMel(of samples: [Float]) -> [Float] {
        let n = Self.fftSize, half = n / 2, frames = 1 + samples.count / Self.hopLength
        let buffers = RealFFT.Buffers(size: n)
        var power = [Float](repeating: 0, count: half + 1)
        var output = [Float](repeating: 0, count: frames * Self.bands)
        window.withUnsafeBufferPointer { window in
            samples.withUnsafeBufferPointer { samples in
                filterbank.withUnsafeTables { filters in
                    power.withUnsafeMutableBufferPointer { power in
                        output.withUnsafeMutableBufferPointer { output in
                            for frame in 0..<frames {
                                let start = frame * Self.hopLength - half
                                for i in 0..<n {
                                    let t = start + i
                                    buffers.input[i] = t >= 0 && t < samples.count ? samples[t] * window[i] : 0
                                }
                                fft.transform(buffers)
                                for bin in 0...half {
                                    let re = buffers.output[2 * bin], im = buffers.output[2 * bin + 1]
                                    power[bin] = re * re + im * im
                                }
                                let row = output.baseAddress.unsafelyUnwrapped + frame * Self.bands
                                filters.project(power.baseAddress.unsafelyUnwrapped, into: row, stride: 1)
                                for band in 0..<Self.bands { row[band] = log10(10_000 * row[band] + 1) }
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}
