import Foundation

/// Audio file encodings Chorus writes (the synthetic corpus, test fixtures).
/// Reading accepts anything the installed libsndfile decodes.
public enum AudioFileFormat: String, Sendable, CaseIterable {
    /// RIFF WAV, 16-bit integer PCM (what `chorus synth` writes).
    case wav16
    /// RIFF WAV, 24-bit integer PCM.
    case wav24
    /// RIFF WAV, 32-bit float: lossless for `Float` samples.
    case wavFloat
    /// Sun/NeXT AU, 16-bit big-endian PCM: the original GTZAN format.
    case au16
    /// FLAC, 16-bit.
    case flac16
    /// Ogg Vorbis (lossy).
    case oggVorbis
    /// MPEG-1 Layer III (lossy), when libsndfile was built with it.
    case mp3

    /// The usual file name extension.
    public var fileExtension: String {
        switch self {
        case .wav16, .wav24, .wavFloat: "wav"
        case .au16: "au"
        case .flac16: "flac"
        case .oggVorbis: "ogg"
        case .mp3: "mp3"
        }
    }

    /// Whether the installed libsndfile can write (and read) this format.
    public var isSupported: Bool { SndfileWriter.supports(self) }

    /// Writes `samples` (interleaved when `channels > 1`, floats in [-1, 1]) to
    /// `url` in this format, atomically (temporary file, then rename).
    /// - Throws: `AudioError.writeFailed` naming the file.
    public func write(_ samples: [Float], channels: Int = 1, sampleRate: Int, to url: URL) throws(AudioError) {
        try SndfileWriter.write(samples, channels: channels, sampleRate: sampleRate, format: self, to: url)
    }
}
