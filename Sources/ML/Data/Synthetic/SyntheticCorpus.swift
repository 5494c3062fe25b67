import ChorusSupport
import Foundation

/// A procedural music corpus in the GTZAN layout (`ROOT/<genre>/<genre>.NNNNN.wav`,
/// 16-bit WAV, mono 22050 Hz) with GTZAN's ten genre names. Genres differ as
/// real ones do (tempo and rhythm patterns, drum kit, bass line, harmony and
/// chord changes, lead timbre, distortion, swing); each clip draws its own
/// tempo, key, levels and details, and three clips in ten borrow one part
/// (drums, bass, chords or lead) from another genre, so the classes overlap:
/// learnable, not trivial. Deterministic for a seed; tests and the demo use it.
public enum SyntheticCorpus {
    /// The genre names, in label order.
    public static let genres = ["blues", "classical", "country", "disco", "hiphop",
                                "jazz", "metal", "pop", "reggae", "rock"]

    /// The samples of clip `clip` of genre index `genre`: mono, 22050 Hz, `seconds` long.
    /// Equal for equal arguments on every machine.
    public static func render(genre: Int, clip: Int, seconds: Double, seed: UInt64) -> [Float] {
        precondition(genres.indices.contains(genre), "genre index out of range")
        var random = SeededGenerator(seed: seed, stream: UInt64(genre), UInt64(clip))
        var style = GenreStyle.all[genre]
        if random.unit() < 0.3 {
            let other = GenreStyle.all[Int(random.next() % UInt64(genres.count))]
            switch random.next() % 4 {
            case 0:
                style.drums = other.drums
                style.kit = other.kit
            case 1:
                style.bassLine = other.bassLine
                style.bassVoice = other.bassVoice
            case 2:
                style.chordStyle = other.chordStyle
                style.chordVoice = other.chordVoice
            default:
                style.leadVoice = other.leadVoice
                style.leadScale = other.leadScale
            }
        }
        var renderer = ClipRenderer(style: style, seconds: seconds, random: random)
        return renderer.render()
    }

    /// Writes `clipsPerGenre` clips of `seconds` for each genre under `directory`
    /// (created if needed), rendering clips in parallel.
    /// - Throws: `AudioError.writeFailed` naming the file or folder.
    public static func write(to directory: URL, clipsPerGenre: Int, seconds: Double, seed: UInt64) throws(AudioError) {
        precondition(clipsPerGenre >= 0 && seconds > 0, "clip count and length must be positive")
        for genre in genres {
            let folder = directory.appendingPathComponent(genre, isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw .writeFailed(path: folder.path, reason: error.localizedDescription)
            }
        }
        let jobs = genres.indices.flatMap { genre in (0..<clipsPerGenre).map { (genre, $0) } }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { job in
            let (genre, clip) = jobs[job]
            let samples = render(genre: genre, clip: clip, seconds: seconds, seed: seed)
            let name = "\(genres[genre]).\(String(format: "%05d", clip)).wav"
            let url = directory.appendingPathComponent(genres[genre]).appendingPathComponent(name)
            do throws(AudioError) {
                try AudioFileFormat.wav16.write(samples, sampleRate: AudioDecoder.sampleRate, to: url)
            } catch {
                failures.record(error)
            }
        }
        if let failure = failures.first { throw failure }
    }
}
