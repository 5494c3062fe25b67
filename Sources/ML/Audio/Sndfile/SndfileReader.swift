internal import CSndfile
import Foundation

/// An open libsndfile handle for reading; the one owner of its `SNDFILE*`,
/// closed in `deinit`. Samples come back as floats in [-1, 1] (libsndfile
/// normalizes integer PCM by 1/2^(bits-1), as soundfile and librosa do).
final class SndfileReader {
    private let handle: OpaquePointer
    private let path: String
    /// Frames (samples per channel) the header announces.
    let frames: Int
    /// Interleaved channels per frame.
    let channels: Int
    /// Frames per second.
    let sampleRate: Int

    /// Opens `url` for reading.
    /// - Throws: `AudioError.emptyFile`, `.unreadable` with libsndfile's reason, or
    ///   `.invalidFormat` when the header announces no channels or no sample rate.
    init(url: URL) throws(AudioError) {
        path = url.path
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
        if size == 0 { throw .emptyFile(path: path) }
        var info = SF_INFO()
        guard let opened = sf_open(url.path, Int32(SFM_READ), &info) else {
            throw .unreadable(path: url.path, reason: String(cString: sf_strerror(nil)))
        }
        handle = opened
        guard info.channels > 0 else {
            sf_close(opened)
            throw .invalidFormat(path: url.path, reason: "\(info.channels) channels")
        }
        guard info.samplerate > 0 else {
            sf_close(opened)
            throw .invalidFormat(path: url.path, reason: "sample rate \(info.samplerate) Hz")
        }
        channels = Int(info.channels)
        sampleRate = Int(info.samplerate)
        // Streams of unknown length (some MP3 and OGG files) report a huge or negative count.
        frames = info.frames > 0 && info.frames < sf_count_t(Int32.max) ? Int(info.frames) : 0
    }

    deinit {
        sf_close(handle)
    }

    /// Reads every frame, interleaved (`frame * channels + channel`).
    /// - Throws: `AudioError.decodeFailed` when libsndfile reports an error or
    ///   fewer frames than the header announced (a truncated file).
    func readInterleaved() throws(AudioError) -> [Float] {
        let chunkFrames = 65536
        var samples: [Float] = []
        samples.reserveCapacity(frames * channels)
        var chunk = [Float](repeating: 0, count: chunkFrames * channels)
        var total = 0
        while true {
            let read = chunk.withUnsafeMutableBufferPointer { buffer in
                sf_readf_float(handle, buffer.baseAddress, sf_count_t(chunkFrames))
            }
            if read <= 0 { break }
            let count = Int(read) * channels
            samples.append(contentsOf: chunk[0..<count])
            total += Int(read)
        }
        let status = sf_error(handle)
        if status != Int32(SF_ERR_NO_ERROR) {
            throw .decodeFailed(path: path, reason: String(cString: sf_strerror(handle)))
        }
        if frames > 0 && total < frames {
            throw .decodeFailed(path: path, reason: "truncated: read \(total) of \(frames) frames")
        }
        if let line = truncatedDataChunk() {
            throw .decodeFailed(path: path, reason: "truncated: the header promises more audio than the file holds (\(line))")
        }
        return samples
    }

    /// libsndfile reads a WAV, AU or AIFF file whose data chunk was cut short
    /// without an error, shortening it silently; its parse log then says so on
    /// the data chunk's line (`data : 132300 (should be 66128)`, AU's
    /// `Data Size`, AIFF's `SSND`). Returns that line, or nil.
    private func truncatedDataChunk() -> String? {
        var log = [CChar](repeating: 0, count: 8192)
        _ = log.withUnsafeMutableBufferPointer { buffer in
            sf_command(handle, Int32(SFC_GET_LOG_INFO), buffer.baseAddress, Int32(buffer.count - 1))
        }
        let text = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for line in text.split(separator: "\n") where line.contains("(should be") {
            let label = line.split(separator: ":").first?.trimmingCharacters(in: .whitespaces).lowercased()
            if label == "data" || label == "data size" || label == "ssnd" {
                return line.trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
