/// Averages interleaved channels into one, as librosa's `to_mono` does.
enum DownMix {
    /// The mean over channels of each frame of `interleaved`.
    /// - Complexity: O(`interleaved.count`).
    static func mono(_ interleaved: [Float], channels: Int) -> [Float] {
        precondition(channels > 0, "at least one channel")
        if channels == 1 { return interleaved }
        let frames = interleaved.count / channels
        let scale = 1 / Float(channels)
        var mono = [Float](repeating: 0, count: frames)
        for frame in 0..<frames {
            var sum: Float = 0
            let base = frame * channels
            for channel in 0..<channels { sum += interleaved[base + channel] }
            mono[frame] = sum * scale
        }
        return mono
    }
}
