import Foundation

/// Log-mel features exactly as DESIGN.md fixes them, equal to librosa 0.11's
/// `melspectrogram(y, sr=22050, n_fft=2048, hop_length=512, n_mels=128,
/// fmax=parameters.melMaximumHertz)` followed by `power_to_db(S, ref=np.max)`
/// within 0.05 dB (max) and 0.005 dB (mean), which scripts/compare-librosa.sh
/// checks. (The parameters' low-pass belongs to decoding: `AudioDecoder`.)
///
/// Per 66150-sample segment: centred STFT (zero padding of n_fft/2 each
/// side), periodic Hann window, FFTW single-precision transforms of two frames
/// at once (`FramePairFFT`), power, the 128
/// Slaney mel filters applied sparsely, dB relative to the segment maximum
/// floored at -80 dB. Output per segment: 128 × 130 floats, mel band major.
///
/// Thread-safe and reusable: the window, filterbank and FFTW plan are
/// immutable and shared; each call uses its own `Workspace`.
public struct FeatureExtractor: Sendable {
    /// FFT length in samples.
    public static let fftSize = 2048
    /// Hop between frames in samples.
    public static let hopLength = 512
    /// Mel bands per segment.
    public static let melBands = 128
    /// STFT frames per segment: 1 + 66150 / 512.
    public static let frames = 1 + Segmentation.samplesPerSegment / hopLength
    /// Floats per segment, `melBands × frames`.
    public static let segmentSize = melBands * frames

    /// The parameters the features are made with (the filterbank's upper edge,
    /// and the low-pass `extract(from:…)` decodes clips through).
    public let parameters: FeatureParameters
    let window: [Float]
    let filterbank: MelFilterbank
    let fft: FramePairFFT

    /// Builds the window and filterbank and fetches the shared FFTW plan
    /// (planned once per process under the planner lock).
    /// - Precondition: `parameters` are valid (`FeatureParameters.validate()`:
    ///   model files, caches and options check them where they are read).
    public init(parameters: FeatureParameters = .standard) {
        precondition((try? parameters.validate()) != nil, "feature parameters are validated where they are read")
        self.parameters = parameters
        let n = Self.fftSize
        // Periodic Hann (scipy's get_window("hann", n, fftbins=True)), computed in double.
        window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        filterbank = MelFilterbank(sampleRate: AudioDecoder.sampleRate, fftSize: n, bandCount: Self.melBands,
                                   maximumHertz: parameters.melMaximumHertz)
        fft = FramePairFFT.shared(size: n)
    }

    /// Decodes `url` to mono 22050 Hz through the parameters' low-pass, ready for `features(of:)`.
    /// - Throws: `AudioError` naming the file (see `AudioDecoder.decodeMono22050(_:bandLimit:)`).
    public func decode(_ url: URL) throws(AudioError) -> [Float] {
        try AudioDecoder.decodeMono22050(url, bandLimit: parameters.bandLimitHertz)
    }

    /// The log-mel features of every whole segment of `samples` (mono, 22050 Hz),
    /// contiguous: `segmentCount × 128 × 130` floats in dB, in [-80, 0].
    /// - Complexity: about 130 FFTs of 2048 points per segment.
    public func features(of samples: [Float]) -> [Float] {
        features(of: samples, workspace: Workspace())
    }

    /// The features of `samples` split per segment: `[segment][128 × 130]`.
    public func segments(of samples: [Float]) -> [[Float]] {
        let all = features(of: samples)
        return stride(from: 0, to: all.count, by: Self.segmentSize).map {
            Array(all[$0..<($0 + Self.segmentSize)])
        }
    }
}
