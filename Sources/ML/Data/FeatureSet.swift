/// Log-mel segments with their labels and the clips they came from: what the
/// audio front end produces and the CNN consumes.
///
/// Segments are stored contiguously, `count × melBands × frames` float32 in
/// row-major order (mel band major, then frame), i.e. NCHW with one channel.
/// Every segment records the clip it came from, so splits are made by clip,
/// never by segment (segments of one clip in train and test would leak).
public struct FeatureSet: Sendable, Equatable {
    /// The genre (class) names; a label is an index into this array.
    public var labelNames: [String]
    /// Mel bands per segment (128 for DESIGN.md's features).
    public var melBands: Int
    /// STFT frames per segment (130 for a 3 s segment at hop 512).
    public var frames: Int
    /// `count × melBands × frames` values in dB relative to each segment's maximum, in [-80, 0].
    public var values: [Float]
    /// The label of each segment, an index into `labelNames`.
    public var labels: [Int32]
    /// The clip of each segment, an index into `clips`.
    public var clipIndices: [Int32]
    /// Clip identifiers, e.g. `blues/blues.00000.au` relative to the data root.
    public var clips: [String]
    /// The front-end parameters the values were computed with.
    public var parameters: FeatureParameters

    public init(labelNames: [String], melBands: Int, frames: Int, values: [Float],
                labels: [Int32], clipIndices: [Int32], clips: [String], parameters: FeatureParameters = .standard) {
        precondition(melBands > 0 && frames > 0, "a segment needs at least one band and frame")
        precondition(values.count == labels.count * melBands * frames, "values must hold every segment")
        precondition(labels.count == clipIndices.count, "every segment needs a clip")
        self.labelNames = labelNames
        self.melBands = melBands
        self.frames = frames
        self.values = values
        self.labels = labels
        self.clipIndices = clipIndices
        self.clips = clips
        self.parameters = parameters
    }

    /// The number of segments.
    public var count: Int { labels.count }

    /// Values per segment, `melBands × frames`.
    public var segmentSize: Int { melBands * frames }
}
