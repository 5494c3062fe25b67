import ChorusSupport

/// The fields of a feature cache before its values (see `FeatureCache`'s layout table).
struct FeatureCacheHeader {
    var melBands: Int
    var frames: Int
    var parameters: FeatureParameters
    var segmentCount: Int
    var labelNames: [String]
    var clips: [String]
    var labels: [Int32]
    var clipIndices: [Int32]

    init(set: FeatureSet) {
        melBands = set.melBands
        frames = set.frames
        parameters = set.parameters
        segmentCount = set.count
        labelNames = set.labelNames
        clips = set.clips
        labels = set.labels
        clipIndices = set.clipIndices
    }

    /// The header's bytes, unpadded.
    func encoded() -> [UInt8] {
        var bytes = FeatureCache.magic
        bytes.appendLittleEndian(UInt32(FeatureCache.version))
        bytes.appendLittleEndian(UInt32(melBands))
        bytes.appendLittleEndian(UInt32(frames))
        bytes.appendLittleEndian(parameters.melMaximumHertz.bitPattern)
        bytes.appendLittleEndian((parameters.bandLimitHertz ?? 0).bitPattern)
        bytes.appendLittleEndian(UInt32(labelNames.count))
        bytes.appendLittleEndian(UInt64(segmentCount))
        bytes.appendLittleEndian(UInt64(clips.count))
        for text in labelNames + clips {
            bytes.appendLittleEndian(UInt32(text.utf8.count))
            bytes += Array(text.utf8)
        }
        bytes.appendLittleEndian(contentsOf: labels)
        bytes.appendLittleEndian(contentsOf: clipIndices)
        return bytes
    }

    /// Reads and range-checks the header fields.
    static func decode(_ reader: inout FeatureCacheReader) throws(AudioError) -> FeatureCacheHeader {
        let magic = try reader.bytes(FeatureCache.magic.count, field: "magic")
        guard magic == FeatureCache.magic else {
            throw .cacheCorrupt(path: reader.path, field: "magic", reason: "is not CHORUSFC")
        }
        let version = try reader.uint32(field: "version")
        guard version == FeatureCache.version || version == FeatureCache.versionWithoutParameters else {
            throw .cacheVersion(path: reader.path, found: version, expected: FeatureCache.version)
        }
        let melBands = try reader.count(UInt64(try reader.uint32(field: "melBands")), field: "melBands",
                                        range: 1...FeatureCache.maximumMelBands)
        let frames = try reader.count(UInt64(try reader.uint32(field: "frames")), field: "frames",
                                      range: 1...FeatureCache.maximumFrames)
        var parameters = FeatureParameters.fullBand
        if version == FeatureCache.version {
            let fmax = Double(bitPattern: try reader.uint64(field: "mel fmax"))
            let limit = Double(bitPattern: try reader.uint64(field: "band limit"))
            parameters = FeatureParameters(melMaximumHertz: fmax, bandLimitHertz: limit == 0 ? nil : limit)
            do {
                try parameters.validate()
            } catch {
                throw .cacheCorrupt(path: reader.path, field: "front-end parameters", reason: "\(error)")
            }
        }
        let labelCount = try reader.count(UInt64(try reader.uint32(field: "labelCount")), field: "labelCount",
                                          range: 1...FeatureCache.maximumLabels)
        // Each segment needs at least 8 bytes of labels and indices, each clip 4 bytes of id length.
        let segmentCount = try reader.count(try reader.uint64(field: "segmentCount"), field: "segmentCount",
                                            range: 0...(reader.remaining / 8))
        let clipCount = try reader.count(try reader.uint64(field: "clipCount"), field: "clipCount",
                                         range: 0...(reader.remaining / 4))
        let labelNames = try (0..<labelCount).map { (index: Int) throws(AudioError) -> String in
            try reader.string(field: "labelNames[\(index)]", maximumBytes: FeatureCache.maximumStringBytes)
        }
        let clips = try (0..<clipCount).map { (index: Int) throws(AudioError) -> String in
            try reader.string(field: "clips[\(index)]", maximumBytes: FeatureCache.maximumStringBytes)
        }
        let labels = try reader.int32s(segmentCount, field: "labels", range: 0..<Int32(labelCount))
        let clipIndices = try reader.int32s(segmentCount, field: "clipIndices",
                                            range: 0..<Int32(clamping: clipCount))
        return FeatureCacheHeader(melBands: melBands, frames: frames, parameters: parameters, segmentCount: segmentCount,
                                  labelNames: labelNames, clips: clips, labels: labels, clipIndices: clipIndices)
    }

    private init(melBands: Int, frames: Int, parameters: FeatureParameters, segmentCount: Int, labelNames: [String],
                 clips: [String], labels: [Int32], clipIndices: [Int32]) {
        self.melBands = melBands
        self.frames = frames
        self.parameters = parameters
        self.segmentCount = segmentCount
        self.labelNames = labelNames
        self.clips = clips
        self.labels = labels
        self.clipIndices = clipIndices
    }
}
