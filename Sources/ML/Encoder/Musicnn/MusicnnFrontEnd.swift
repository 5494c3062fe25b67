import Foundation

/// musicnn's own input: 16 kHz mono audio, centred STFT (512-point periodic
/// Hann window, hop 256, zero padding of 256 samples each side, as librosa
/// 0.11 pads), power spectrum, 96 Slaney mel bands from 0 to 8 kHz, then
/// log10(10000 · x + 1), computed in float32; cut into non-overlapping patches
/// of 187 frames (3 s) as musicnn's extractor cuts them.
///
/// (musicnn 0.1.0 took its STFT from librosa 0.7, which reflect-pads: only the
/// first frames of a clip differ.)
package struct MusicnnFrontEnd: Sendable {
    static let sampleRate = 16_000
    static let fftSize = 512
    static let hopLength = 256
    static let bands = MusicnnNetwork.bands
    static let patchFrames = MusicnnNetwork.frames

    let window: [Float]
    let filterbank: MelFilterbank
    let fft: RealFFT

    package init() {
        let n = Self.fftSize
        window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        filterbank = MelFilterbank(sampleRate: Self.sampleRate, fftSize: n, bandCount: Self.bands,
                                   maximumHertz: Double(Self.sampleRate) / 2)  // librosa's default fmax, as musicnn uses
        fft = RealFFT.shared(size: n)
    }

    /// Whole patches in `frameCount` frames (musicnn's `range(0, frames − 187 + 1, 187)`).
    package static func patchCount(frameCount: Int) -> Int {
        frameCount < patchFrames ? 0 : (frameCount - patchFrames) / patchFrames + 1
    }

    /// The log-mel patches of `samples` (16 kHz), each `187 × 96` floats, time-major.
    package func patches(of samples: [Float]) -> [[Float]] {
        let spectrogram = logMel(of: samples)
        let frameCount = spectrogram.count / Self.bands, size = Self.patchFrames * Self.bands
        return (0..<Self.patchCount(frameCount: frameCount)).map { patch in
            Array(spectrogram[(patch * size)..<((patch + 1) * size)])
        }
    }
}
