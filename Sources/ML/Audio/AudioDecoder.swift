import Foundation

/// Turns any audio file libsndfile reads (WAV, AU, FLAC, OGG/Vorbis, MP3 where
/// supported; integer or float PCM; any channel count and sample rate) into
/// the mono 22050 Hz signal the features are defined on.
public enum AudioDecoder {
    /// The sample rate every clip is brought to, in Hz (DESIGN.md).
    public static let sampleRate = 22050

    /// Decodes `url`, averages its channels to mono and resamples it to
    /// 22050 Hz with the band-limited `Resampler`.
    /// - Parameter bandLimit: a low-pass cut-off in Hz applied while
    ///   resampling, also to a file already at 22050 Hz (see
    ///   `FeatureParameters.bandLimitHertz`), or nil for none.
    /// - Returns: samples in [-1, 1] (resampling may overshoot slightly), 22050 per second.
    /// - Throws: `AudioError` naming the file: empty, unreadable (not audio,
    ///   unknown format), invalid header, or truncated/corrupt data.
    public static func decodeMono22050(_ url: URL, bandLimit: Double? = nil) throws(AudioError) -> [Float] {
        try decodeMono(url, sampleRate: sampleRate, bandLimit: bandLimit)
    }

    /// Decodes `url` to mono at `rate` Hz (the pretrained encoder's front end reads 16 kHz),
    /// low-passed at `bandLimit` Hz when given.
    /// - Throws: `AudioError` naming the file, as `decodeMono22050(_:bandLimit:)`.
    public static func decodeMono(_ url: URL, sampleRate rate: Int, bandLimit: Double? = nil) throws(AudioError) -> [Float] {
        let reader = try SndfileReader(url: url)
        let interleaved = try reader.readInterleaved()
        let mono = DownMix.mono(interleaved, channels: reader.channels)
        for sample in mono where !sample.isFinite {
            throw .decodeFailed(path: url.path, reason: "the file holds samples that are not finite numbers")
        }
        let resampler = Resampler(from: reader.sampleRate, to: rate, bandLimit: bandLimit)
        return resampler.isIdentity ? mono : resampler.resample(mono)
    }
}
