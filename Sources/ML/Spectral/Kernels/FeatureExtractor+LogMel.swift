/// The log-mel kernel: one segment's windowing, FFT pairs, mel projection and dB
/// over pointers into the caller's workspace and output. Everything outside this
/// folder calls the safe `features(of:)` / `segments(of:)`.
extension FeatureExtractor {
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
