import ChorusSupport
/// The byte layout of `ModelFile` (documented there), writing and checking it.
extension ModelFile {
    /// The file's bytes, checksum included.
    package func encoded() -> [UInt8] {
        let architecture = network.architecture
        var bytes = Self.magic
        bytes.reserveCapacity(bytes.count + 64 + network.parameters.count * 4 + SHA256.byteCount)
        let digest = architecture.frontEnd.encoderDigestBytes
        bytes.appendLittleEndian(Self.version)
        bytes.appendLittleEndian(UInt32(architecture.inputHeight))
        bytes.appendLittleEndian(UInt32(architecture.inputWidth))
        bytes.appendLittleEndian(UInt32(architecture.convolutionChannels.count))
        for channels in architecture.convolutionChannels { bytes.appendLittleEndian(UInt32(channels)) }
        bytes.appendLittleEndian(UInt32(architecture.denseWidth))
        bytes.appendLittleEndian(architecture.dropout.bitPattern)
        bytes.appendLittleEndian(UInt32(architecture.classes))
        bytes.appendLittleEndian(UInt32(architecture.groupNormGroups))
        bytes.appendLittleEndian(architecture.frontEnd.encodedFields.kind)
        bytes.appendLittleEndian(architecture.frontEnd.encodedFields.bandsPerGroup)
        if let digest { bytes.append(contentsOf: digest) }
        bytes.appendLittleEndian(features.melMaximumHertz.bitPattern)
        bytes.appendLittleEndian((features.bandLimitHertz ?? 0).bitPattern)
        for name in labelNames {
            bytes.appendLittleEndian(UInt16(name.utf8.count))
            bytes.append(contentsOf: name.utf8)
        }
        bytes.appendLittleEndian(UInt64(network.parameters.count))
        bytes.appendLittleEndian(contentsOf: network.parameters)
        bytes.append(contentsOf: SHA256.hash(bytes[...]))
        return bytes
    }

    /// Parses and verifies `bytes` read from `path`.
    package static func decode(_ bytes: [UInt8], path: String) throws(MLError) -> ModelFile {
        guard bytes.starts(with: magic) else {
            let isPrefix = !bytes.isEmpty && magic.starts(with: bytes)
            throw isPrefix ? MLError.truncated(path: path, field: "magic") : MLError.notAModelFile(path: path)
        }
        var reader = ByteReader(bytes[magic.count...], path: path)
        let version = try reader.uint32("format version")
        let known = [Self.versionWithoutFrontEnd, Self.versionWithoutFeatures, Self.versionWithEncoderWithoutFeatures, Self.version]
        guard known.contains(version) else {
            throw MLError.unsupportedVersion(path: path, found: version, supported: Self.version)
        }
        let side = 1...Architecture.maximumSide
        let height = try reader.int("input height", in: side)
        let width = try reader.int("input width", in: side)
        let blocks = try reader.int("convolution block count", in: 0...Architecture.maximumBlocks)
        var channels: [Int] = []
        for block in 0..<blocks {
            channels.append(try reader.int("channels of block \(block + 1)", in: 1...Architecture.maximumChannels))
        }
        let denseWidth = try reader.int("dense width", in: 0...Architecture.maximumWidth)
        let dropout = try reader.float("dropout")
        let classes = try reader.int("classes", in: 2...Architecture.maximumClasses)
        let groups = try reader.int("GroupNorm groups", in: 0...Architecture.maximumChannels)
        var frontEnd = FrontEnd.image
        if version >= Self.versionWithoutFeatures {
            let kind = try reader.uint32("front end")
            let bandsPerGroup = try reader.uint32("bands per group")
            let hasDigest = version == Self.versionWithEncoderWithoutFeatures
                || (version == Self.version && kind == FrontEnd.embeddingKind)
            let digest = hasDigest ? try reader.bytes(FrontEnd.digestSize, field: "encoder digest") : nil
            guard let decoded = FrontEnd(kind: kind, bandsPerGroup: bandsPerGroup, encoderDigest: digest),
                  (digest == nil) == (decoded.encoderDigestBytes == nil) else {
                throw MLError.corruptField(path: path, field: "front end", reason: "is \(kind) with \(bandsPerGroup) bands per group, "
                                           + "expected \(FrontEnd.encodingDescription)")
            }
            frontEnd = decoded
        }
        var features = FeatureParameters.fullBand
        if version == Self.version {
            let fmax = Double(bitPattern: try reader.uint64("mel fmax"))
            let limit = Double(bitPattern: try reader.uint64("band limit"))
            features = FeatureParameters(melMaximumHertz: fmax, bandLimitHertz: limit == 0 ? nil : limit)
            do {
                try features.validate()
            } catch {
                throw MLError.corruptField(path: path, field: "feature parameters", reason: "are invalid: \(error)")
            }
        }
        let architecture = Architecture(inputHeight: height, inputWidth: width, convolutionChannels: channels,
                                        denseWidth: denseWidth, dropout: dropout, classes: classes,
                                        groupNormGroups: groups, frontEnd: frontEnd)
        do {
            try architecture.validate()
        } catch {
            throw MLError.corruptField(path: path, field: "architecture", reason: "is invalid: \(error)")
        }
        var names: [String] = []
        for index in 0..<classes {
            let length = Int(try reader.uint16("length of class name \(index + 1)"))
            guard length <= maximumNameLength else {
                throw MLError.corruptField(path: path, field: "class name \(index + 1)",
                                           reason: "is \(length) bytes, expected at most \(maximumNameLength)")
            }
            let raw = try reader.bytes(length, field: "class name \(index + 1)")
            guard let name = String(validating: raw, as: UTF8.self) else {
                throw MLError.corruptField(path: path, field: "class name \(index + 1)", reason: "is not valid UTF-8")
            }
            names.append(name)
        }
        let count = try reader.uint64("parameter count")
        guard count == UInt64(architecture.parameterCount) else {
            throw MLError.corruptField(path: path, field: "parameter count",
                                       reason: "is \(count), the architecture needs \(architecture.parameterCount)")
        }
        let parameters = try reader.floats(architecture.parameterCount, field: "parameters")
        let checksumStart = magic.count + reader.readerIndex
        let stored = try reader.bytes(SHA256.byteCount, field: "checksum")
        guard reader.remaining == 0 else { throw MLError.trailingBytes(path: path, count: reader.remaining) }
        guard SHA256.hash(bytes[..<checksumStart]).elementsEqual(stored) else {
            throw MLError.checksumMismatch(path: path)
        }
        for (index, value) in parameters.enumerated() where !value.isFinite {
            throw MLError.corruptField(path: path, field: "parameter \(index)", reason: "is not finite")
        }
        return try ModelFile(network: Network(architecture: architecture, parameters: parameters), labelNames: names,
                             features: features)
    }
}
