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

    /// `features(of:)` with the caller's scratch, for threads that extract many clips.
    func features(of samples: [Float], workspace: Workspace) -> [Float] {
        let count = Segmentation.segmentCount(sampleCount: samples.count)
        return [Float](unsafeUninitializedCapacity: count * Self.segmentSize) { output, initialized in
            samples.withUnsafeBufferPointer { source in
                for segment in 0..<count {
                    let range = Segmentation.range(ofSegment: segment)
                    let slice = UnsafeBufferPointer(rebasing: source[range])
                    let destination = UnsafeMutableBufferPointer(
                        rebasing: output[(segment * Self.segmentSize)..<((segment + 1) * Self.segmentSize)])
                    logMel(of: slice, into: destination, workspace: workspace)
                }
            }
            initialized = count * Self.segmentSize
        }
    }

    /// The features of `samples` split per segment: `[segment][128 × 130]`.
    public func segments(of samples: [Float]) -> [[Float]] {
        let all = features(of: samples)
        return stride(from: 0, to: all.count, by: Self.segmentSize).map {
            Array(all[$0..<($0 + Self.segmentSize)])
        }
    }

    /// One segment's log-mel spectrogram into `output` (`segmentSize` floats).
    /// Frames go through the FFT two at a time (`FramePairFFT`).
    func logMel(of segment: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
                workspace: Workspace) {
        precondition(segment.count == Segmentation.samplesPerSegment, "a segment is 66150 samples")
        precondition(output.count == Self.segmentSize, "output holds one segment")
        let frames = Self.frames, bins = filterbank.usedBinCount
        let input = workspace.buffers.input
        let first = workspace.power, second = workspace.power + FeatureExtractor.fftSize / 2 + 1
        let destination = output.baseAddress.unsafelyUnwrapped
        window.withUnsafeBufferPointer { window in
            filterbank.withUnsafeTables { filters in
                for frame in stride(from: 0, to: frames, by: 2) {
                    let paired = frame + 1 < frames
                    if paired && !Self.windowPair(frame, of: segment, by: window, into: input) {
                        Self.window(frame, of: segment, by: window, into: input)
                        Self.window(frame + 1, of: segment, by: window, into: input + 1)
                    } else if !paired {
                        Self.window(frame, of: segment, by: window, into: input)
                        for i in 0..<Self.fftSize { input[2 &* i &+ 1] = 0 }
                    }
                    fft.powerSpectra(workspace.buffers, first: first, second: second, bins: bins)
                    filters.project(first, into: destination + frame, stride: frames)
                    if paired { filters.project(second, into: destination + frame + 1, stride: frames) }
                }
            }
        }
        Decibels.powerToDB(output)
    }

    /// Frames `frame` and `frame + 1` of `segment`, windowed and interleaved into
    /// `target` in one pass, when both lie wholly inside the segment (false otherwise,
    /// writing nothing).
    @inline(__always)
    private static func windowPair(_ frame: Int, of segment: UnsafeBufferPointer<Float>,
                                   by window: UnsafeBufferPointer<Float>, into target: UnsafeMutablePointer<Float>) -> Bool {
        let n = fftSize, start = frame * hopLength - n / 2
        guard start >= 0 && start + hopLength + n <= segment.count else { return false }
        let first = segment.baseAddress.unsafelyUnwrapped + start, second = first + hopLength
        let w = window.baseAddress.unsafelyUnwrapped
        for i in 0..<n {
            target[2 &* i] = first[i] * w[i]
            target[2 &* i &+ 1] = second[i] * w[i]
        }
        return true
    }

    /// Frame `frame` of `segment`, windowed, into every second float of `target`:
    /// it covers samples [frame·hop − n/2, frame·hop + n/2), zero outside the segment.
    @inline(__always)
    private static func window(_ frame: Int, of segment: UnsafeBufferPointer<Float>, by window: UnsafeBufferPointer<Float>,
                               into target: UnsafeMutablePointer<Float>) {
        let n = fftSize, start = frame * hopLength - n / 2
        for i in 0..<n {
            let t = start &+ i
            target[2 &* i] = t >= 0 && t < segment.count ? segment[t] * window[i] : 0
        }
    }

    /// One thread's scratch: FFT buffers and two power spectra. Reuse it across
    /// segments; never share one between threads.
    final class Workspace {
        let buffers: FramePairFFT.Buffers
        /// The pair's power spectra, `fftSize / 2 + 1` floats each, one after the other.
        let power: UnsafeMutablePointer<Float>

        init() {
            buffers = FramePairFFT.Buffers(size: FeatureExtractor.fftSize)
            power = .allocate(capacity: 2 * (FeatureExtractor.fftSize / 2 + 1))
            power.initialize(repeating: 0, count: 2 * (FeatureExtractor.fftSize / 2 + 1))
        }

        deinit {
            power.deallocate()
        }
    }
}
