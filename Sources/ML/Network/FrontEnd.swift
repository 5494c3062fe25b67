import ChorusSupport
/// What a network does with the log-mel segment before its trainable layers.
///
/// `.image` keeps the whole `inputHeight × inputWidth` image (scaled to
/// [-1, 1]) for the convolution blocks: DESIGN.md's CNN. `.bandStatistics`
/// summarises the image into a short, fixed vector of per-band statistics over
/// time, so a dense head on it has a few thousand parameters instead of
/// hundreds of thousands. That is what differential privacy with few
/// participants needs: the noise added to each round's update grows with the
/// square root of the parameter count, and hand-made, data-independent
/// features let a small model carry the signal (Tramèr and Boneh,
/// "Differentially Private Learning Needs Better Features (or Much More
/// Data)", ICLR 2021). Both front ends are fixed functions of one segment: they
/// read no other data and cost no privacy.
public enum FrontEnd: Sendable, Equatable, Hashable, Codable {
    /// The log-mel image, mapped from [-80, 0] dB to [-1, 1].
    case image
    /// Adjacent mel bands averaged in groups of `bandsPerGroup`; for each of the
    /// `b = inputHeight / bandsPerGroup` band rows, four statistics over the
    /// frames: mean, standard deviation, mean absolute frame-to-frame change
    /// and standard deviation of that change. Each of the four profiles (b
    /// values) is standardized across its bands within the segment, then
    /// followed by its level and the logarithm of its spread, so the vector has
    /// `4 · (b + 2)` values of unit size whatever the recording's loudness.
    /// Trailing bands that do not fill a group are dropped.
    case bandStatistics(bandsPerGroup: Int)
    /// A frozen pretrained encoder's embeddings (`AudioEncoder`, a 1 × 1706 row per 3-s patch), each of its
    /// blocks (pooled features, penultimate layer) scaled to unit root-mean-square before the head; the
    /// encoder file's SHA-256 is part of the model, so a head never runs on another encoder's embeddings.
    case embedding(encoderDigest: [UInt8])
    /// The same encoder's embeddings with the head reading only the penultimate layer's block (200 values, scaled
    /// to unit RMS; `--head-input penultimate`). musicnn's 1506 pooled features share one large direction (class
    /// means at cosine about 0.93), so under DP noise they carry little per unit of norm; the penultimate block
    /// separates genres with 8 times fewer values, which is what the one-shot statistics mode needs.
    case penultimateEmbedding(encoderDigest: [UInt8])

    /// Values the front end hands to the first trainable layer for an
    /// `height × width` segment (1×height×width for `.image`).
    public func outputCount(height: Int, width: Int) -> Int {
        switch self {
        case .image: height * width
        case .bandStatistics(let group): group >= 1 ? 4 * (height / group + 2) : 0
        case .embedding: height * width
        case .penultimateEmbedding: max(0, height * width - Self.embeddingBlocks[0])
        }
    }

    /// A short description for summaries and reports.
    public var summary: String {
        switch self {
        case .image: "image"
        case .bandStatistics(let group): "band statistics (groups of \(group) bands)"
        case .embedding: "encoder embedding"
        case .penultimateEmbedding: "encoder embedding's penultimate layer"
        }
    }
}

extension FrontEnd {
    /// The two numbers that stand for the front end in model files and round
    /// plans: kind (0 image, 1 band statistics, 2 embedding), then bands per group (0 for the image; for an
    /// embedding, the blocks the head reads: 0 all, 1 the penultimate layer's).
    package var encodedFields: (kind: UInt32, bandsPerGroup: UInt32) {
        switch self {
        case .image: (0, 0)
        case .bandStatistics(let group): (1, UInt32(truncatingIfNeeded: group))
        case .embedding: (Self.embeddingKind, 0)
        case .penultimateEmbedding: (Self.embeddingKind, 1)
        }
    }

    /// The front end that `encodedFields` gave, or nil for numbers that stand
    /// for none (the architecture's validation then checks the group's range).
    /// `encoderDigest` is read after the two numbers when `kind` is 2 (the embedding front end).
    package init?(kind: UInt32, bandsPerGroup: UInt32, encoderDigest: [UInt8]? = nil) {
        switch (kind, bandsPerGroup) {
        case (0, 0): self = .image
        case (1, _): self = .bandStatistics(bandsPerGroup: Int(bandsPerGroup))
        case (Self.embeddingKind, let blocks) where blocks <= 1:
            guard let encoderDigest, encoderDigest.count == Self.digestSize else { return nil }
            self = blocks == 0 ? .embedding(encoderDigest: encoderDigest) : .penultimateEmbedding(encoderDigest: encoderDigest)
        default: return nil
        }
    }

    /// What the two numbers must be, for errors.
    package static let encodingDescription = "0 with 0 bands per group (image), 1 (band statistics) or 2 with 0 or 1 (embedding, all blocks or the penultimate)"

    /// Bytes of an encoder digest (SHA-256).
    package static let digestSize = 32
    /// The wire kind of the embedding front ends, whose fields are followed by the encoder digest.
    package static let embeddingKind: UInt32 = 2

    /// The blocks of an embedding row, each scaled to unit root-mean-square: musicnn's pooled features, its penultimate layer.
    package static let embeddingBlocks = [MusicnnNetwork.pooledSize, MusicnnNetwork.penultimateSize]

    /// For an embedding front end, the leading values of the row the head skips and the blocks it reads.
    package var embeddingLayout: (skipped: Int, blocks: [Int])? {
        switch self {
        case .embedding: (0, Self.embeddingBlocks)
        case .penultimateEmbedding: (Self.embeddingBlocks[0], [MusicnnNetwork.penultimateSize])
        case .image, .bandStatistics: nil
        }
    }

    /// The encoder digest in lowercase hex, for the embedding front ends.
    public var encoderDigest: String? { encoderDigestBytes.map(Hex.encode) }

    /// The encoder digest's bytes, for the embedding front ends.
    package var encoderDigestBytes: [UInt8]? {
        switch self {
        case .embedding(let digest), .penultimateEmbedding(let digest): digest
        case .image, .bandStatistics: nil
        }
    }
}
