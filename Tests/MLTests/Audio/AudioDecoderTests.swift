import Foundation
import ML
import Testing
import TestSupport

/// Any file libsndfile reads becomes mono 22050 Hz samples; anything else is
/// a typed error naming the file.
struct AudioDecoderTests {
    private func noise(count: Int, seed: UInt64, amplitude: Float = 0.5) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float.random(in: -amplitude...amplitude, using: &generator) }
    }

    private func rms(_ samples: some Collection<Float>) -> Double {
        (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }

    static let losslessFormats: [AudioFileFormat] = [.wav16, .wav24, .wavFloat, .au16, .flac16]

    @Test(arguments: losslessFormats)
    func losslessFormatsDecodeToTheSamplesWithinQuantization(format: AudioFileFormat) throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("clip.\(format.fileExtension)")
        let samples = noise(count: 22050, seed: 1)
        try format.write(samples, sampleRate: 22050, to: url)
        let decoded = try AudioDecoder.decodeMono22050(url)
        #expect(decoded.count == samples.count)
        // 16-bit PCM rounds to 1/32768; rounding error is at most half a step plus float error.
        let worst = zip(decoded, samples).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1.0 / 32768, "\(format): worst error \(worst)")
    }

    @Test(arguments: [AudioFileFormat.oggVorbis, .mp3])
    func lossyFormatsDecodeToTheSameLevelAndLength(format: AudioFileFormat) throws {
        guard format.isSupported else {
            // Reported, not silently passed: this libsndfile was built without the codec.
            Issue.record("libsndfile on this machine cannot write \(format); install a build with it")
            return
        }
        let directory = try TemporaryDirectory()
        let url = directory.file("clip.\(format.fileExtension)")
        let samples = (0..<66150).map { Float(0.4 * sin(2 * Double.pi * 440 * Double($0) / 22050)) }
        try format.write(samples, sampleRate: 22050, to: url)
        let decoded = try AudioDecoder.decodeMono22050(url)
        // Encoders add up to a few thousand samples of delay and padding.
        #expect(abs(decoded.count - samples.count) < 4000, "\(format): \(decoded.count) samples")
        let levelChange = 20 * log10(rms(decoded) / rms(samples))
        #expect(abs(levelChange) < 1, "\(format): level changed by \(levelChange) dB")
    }

    @Test(arguments: [2, 3, 6])
    func channelsAreAveragedToMono(channels: Int) throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("multi.wav")
        let frames = 1000
        let perChannel = (0..<channels).map { noise(count: frames, seed: UInt64(10 + $0)) }
        let interleaved = (0..<frames).flatMap { frame in perChannel.map { $0[frame] } }
        try AudioFileFormat.wavFloat.write(interleaved, channels: channels, sampleRate: 22050, to: url)
        let decoded = try AudioDecoder.decodeMono22050(url)
        #expect(decoded.count == frames)
        for frame in 0..<frames {
            let mean = perChannel.reduce(Float(0)) { $0 + $1[frame] } / Float(channels)
            // Float sums of up to 6 values of magnitude <= 0.5 agree to 1e-6.
            #expect(abs(decoded[frame] - mean) < 1e-6, "frame \(frame)")
        }
    }

    @Test func emptyFileIsReportedAsEmpty() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("empty.wav")
        _ = FileManager.default.createFile(atPath: url.path, contents: Data())
        #expect(throws: AudioError.emptyFile(path: url.path)) { try AudioDecoder.decodeMono22050(url) }
    }

    /// libsndfile refuses most garbage at open; some (random bytes named .au)
    /// it opens by extension and then fails to read: either way the file is named.
    @Test(arguments: ["noise.wav", "notes.txt", "clip.au", "clip.flac"])
    func nonAudioBytesAreReportedAsUnreadableOrUndecodable(name: String) throws {
        let directory = try TemporaryDirectory()
        let url = directory.file(name)
        var generator = SplitMix64(seed: 99)
        let bytes = name.hasSuffix(".txt") ? Array("not audio at all\n".utf8)
            : (0..<5000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        do {
            _ = try AudioDecoder.decodeMono22050(url)
            Issue.record("\(name) decoded although it is not audio")
        } catch {
            let path: String, reason: String
            switch error {
            case .unreadable(let p, let r), .decodeFailed(let p, let r):
                (path, reason) = (p, r)
            default:
                Issue.record("expected .unreadable or .decodeFailed, got \(error)")
                return
            }
            #expect(path == url.path)
            #expect(!reason.isEmpty)
            #expect(error.description.contains(name))
        }
    }

    @Test func missingFileIsReportedAsUnreadable() {
        let url = URL(fileURLWithPath: "/nonexistent/chorus/clip.wav")
        #expect {
            _ = try AudioDecoder.decodeMono22050(url)
        } throws: { error in
            guard let error = error as? AudioError, case .unreadable(let path, _) = error else { return false }
            return path == url.path
        }
    }

    @Test(arguments: [AudioFileFormat.flac16, .wav16, .wavFloat, .au16])
    func truncatedFileIsReportedAsADecodeFailure(format: AudioFileFormat) throws {
        let directory = try TemporaryDirectory()
        let full = directory.file("full.\(format.fileExtension)")
        try format.write(noise(count: 66150, seed: 5), sampleRate: 22050, to: full)
        let bytes = try Data(contentsOf: full)
        let cut = directory.file("cut.\(format.fileExtension)")
        _ = FileManager.default.createFile(atPath: cut.path, contents: bytes.prefix(bytes.count / 2))
        #expect {
            _ = try AudioDecoder.decodeMono22050(cut)
        } throws: { error in
            guard let error = error as? AudioError, case .decodeFailed(let path, let reason) = error else { return false }
            return path == cut.path && reason.contains("truncated")
        }
    }
}
