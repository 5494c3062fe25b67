internal import CSndfile
import Foundation

/// Writes samples to an audio file through libsndfile, atomically: into a
/// temporary file beside the target, flushed to disk, then renamed.
enum SndfileWriter {
    /// Writes `samples` (interleaved when `channels > 1`, floats in [-1, 1]) as `format`.
    /// - Throws: `AudioError.writeFailed` naming the file and libsndfile's reason.
    static func write(_ samples: [Float], channels: Int, sampleRate: Int, format: AudioFileFormat,
                      to url: URL) throws(AudioError) {
        precondition(channels > 0 && samples.count % channels == 0, "samples must hold whole frames")
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = format.sndfileFormat
        guard sf_format_check(&info) != 0 else {
            throw .writeFailed(path: url.path, reason: "libsndfile cannot write \(format) at \(sampleRate) Hz")
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard let handle = sf_open(temporary.path, Int32(SFM_WRITE), &info) else {
            throw .writeFailed(path: url.path, reason: String(cString: sf_strerror(nil)))
        }
        let frames = samples.count / channels
        let written = samples.withUnsafeBufferPointer { buffer in
            sf_writef_float(handle, buffer.baseAddress, sf_count_t(frames))
        }
        let reason = written == sf_count_t(frames) ? nil : String(cString: sf_strerror(handle))
        sf_write_sync(handle)
        let closed = sf_close(handle)
        guard reason == nil, closed == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: url.path, reason: reason ?? "closing failed (\(closed))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let error = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: url.path, reason: error)
        }
    }

    /// Whether the installed libsndfile can write (and so read) `format`.
    static func supports(_ format: AudioFileFormat) -> Bool {
        var info = SF_INFO()
        info.samplerate = 22050
        info.channels = 1
        info.format = format.sndfileFormat
        return sf_format_check(&info) != 0
    }
}

extension AudioFileFormat {
    /// libsndfile's major | subtype code.
    fileprivate var sndfileFormat: Int32 {
        switch self {
        case .wav16: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .wav24: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
        case .wavFloat: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        case .au16: Int32(SF_FORMAT_AU | SF_FORMAT_PCM_16)
        case .flac16: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .oggVorbis: Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
        case .mp3: Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
        }
    }
}
