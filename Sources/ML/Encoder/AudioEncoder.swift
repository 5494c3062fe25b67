import ChorusSupport
import Foundation

/// A frozen pretrained encoder run on Chorus's engine: audio in, one
/// embedding per 3-s patch out. The embedding is musicnn's pooled features
/// (max and mean over time of its 753 front- and mid-end channels,
/// interleaved per channel) followed by its 200-unit penultimate layer:
/// `embeddingSize` = 1706 floats.
///
/// Thread-safe: the weights are immutable; each call allocates its own scratch.
/// One patch runs each product on all cores; many patches run side by side,
/// one per core with single-threaded products (`embeddings(ofPatches:threads:)`),
/// which is what embedding a collection is made of.
public struct AudioEncoder: Sendable {
    public static let embeddingSize = MusicnnNetwork.pooledSize + MusicnnNetwork.penultimateSize
    /// The sample rate the encoder reads; other rates are resampled to it.
    public static let sampleRate = MusicnnFrontEnd.sampleRate
    /// The low-pass cut-off in Hz every source goes through on its way to `sampleRate`: the one
    /// resampling a 22.05 or 44.1 kHz file to 16 kHz applies anyway (0.9 of 8 kHz), applied to
    /// 16 kHz files too, so the encoder sees the same band whatever the file's rate.
    public static let bandLimitHertz = 7200.0
    /// Samples per patch at `sampleRate`: 187 frames of hop 256 (about 3 s).
    public static let samplesPerPatch = MusicnnFrontEnd.patchFrames * MusicnnFrontEnd.hopLength

    public let model: EncoderModel
    /// The encoder file's digest, which models trained on its embeddings record.
    public let digest: String
    /// The digest's 32 bytes, as models and round plans store it.
    public var digestBytes: [UInt8] { Hex.decode(digest) ?? [] }
    private let network: MusicnnNetwork
    private let frontEnd = MusicnnFrontEnd()

    public init(_ file: EncoderFile) {
        model = file.model
        digest = file.digest
        network = MusicnnNetwork(file)
    }

    /// One embedding per whole patch of `samples` (mono, 16 kHz), its patches spread over `threads`
    /// cores; none for a clip shorter than a patch.
    /// - Complexity: about 1.5 GMAC per patch.
    public func embeddings(of samples: [Float], threads: Int) -> [[Float]] {
        embeddings(ofPatches: frontEnd.patches(of: samples), threads: threads)
    }

    /// The embeddings of the audio file at `url`, decoded by `samples(of:)`, on `threads` cores.
    /// - Throws: `AudioError` naming the file.
    public func embeddings(of url: URL, threads: Int) throws(AudioError) -> [[Float]] {
        embeddings(of: try Self.samples(of: url), threads: threads)
    }

    /// The audio file at `url` as the encoder reads it: mono, 16 kHz, low-passed at `bandLimitHertz`.
    /// - Throws: `AudioError` naming the file.
    public static func samples(of url: URL) throws(AudioError) -> [Float] {
        try AudioDecoder.decodeMono(url, sampleRate: sampleRate, bandLimit: bandLimitHertz)
    }

    /// The mean probability of each of the model's 50 tags over the patches of `samples` (16 kHz).
    public func tagProbabilities(of samples: [Float]) -> [Float] {
        let outputs = frontEnd.patches(of: samples).map(network.forward)
        guard let first = outputs.first else { return [] }
        return (0..<first.tags.count).map { tag in outputs.reduce(0) { $0 + $1.tags[tag] } / Float(outputs.count) }
    }

    /// The embedding of one 187 × 96 log-mel patch (frame-major: 96 bands per frame).
    package func embedding(ofPatch patch: [Float]) -> [Float] {
        let output = network.forward(patch)
        return output.pooled + output.penultimate
    }

    /// `embedding(ofPatch:)` of each of `patches`, in order, on up to `threads` threads, each taking
    /// the next whole patch as it finishes one, with single-threaded products while more than one
    /// runs (`SingleThreadedProducts`); the values equal one patch at a time's up to the last bits
    /// of single precision (products tiled differently on one thread than on several).
    package func embeddings(ofPatches patches: [[Float]], threads: Int) -> [[Float]] {
        guard threads > 1 && patches.count > 1 else { return patches.map(embedding(ofPatch:)) }
        return SingleThreadedProducts.run {
            FeatureExtractor().parallelMap(count: patches.count, threads: threads) { index, _ in embedding(ofPatch: patches[index]) }
        }
    }
}
