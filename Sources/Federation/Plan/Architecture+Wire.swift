import ML

extension Architecture {
    static let maximumBlocksOnWire = 16

    func encode(into writer: inout PayloadWriter) {
        writer.append(UInt32(truncatingIfNeeded: inputHeight))
        writer.append(UInt32(truncatingIfNeeded: inputWidth))
        writer.append(UInt32(truncatingIfNeeded: convolutionChannels.count))
        for channels in convolutionChannels { writer.append(UInt32(truncatingIfNeeded: channels)) }
        writer.append(UInt32(truncatingIfNeeded: denseWidth))
        writer.append(dropout)
        writer.append(UInt32(truncatingIfNeeded: classes))
        writer.append(UInt32(truncatingIfNeeded: groupNormGroups))
        writer.append(frontEnd.encodedFields.kind)
        writer.append(frontEnd.encodedFields.bandsPerGroup)
        // The embedding front end names its encoder, so a participant with another encoder declines the plan.
        if let digest = frontEnd.encoderDigestBytes { writer.append(raw: digest) }
    }

    /// Reads and validates an architecture (so a hostile plan cannot ask for absurd memory).
    static func decode(from reader: inout PayloadReader) throws(FederationError) -> Architecture {
        let field = "plan.architecture"
        let height = Int(try reader.read(UInt32.self, field: field))
        let width = Int(try reader.read(UInt32.self, field: field))
        let blocks = try reader.readCount(field: "\(field).blocks", limit: maximumBlocksOnWire)
        var channels: [Int] = []
        for _ in 0..<blocks { channels.append(Int(try reader.read(UInt32.self, field: field))) }
        let dense = Int(try reader.read(UInt32.self, field: field))
        let dropout = try reader.readFloat(field: field)
        let classes = Int(try reader.read(UInt32.self, field: field))
        let groups = Int(try reader.read(UInt32.self, field: field))
        let frontEndKind = try reader.read(UInt32.self, field: "\(field).frontEnd")
        let bandsPerGroup = try reader.read(UInt32.self, field: "\(field).frontEnd")
        let digest = frontEndKind == FrontEnd.embeddingKind ? try reader.readBytes(FrontEnd.digestSize, field: "\(field).encoderDigest") : nil
        guard let frontEnd = FrontEnd(kind: frontEndKind, bandsPerGroup: bandsPerGroup, encoderDigest: digest) else {
            throw .invalidField(field: "\(field).frontEnd", reason: "is \(frontEndKind) with \(bandsPerGroup) bands per group, "
                                + "expected \(FrontEnd.encodingDescription)")
        }
        let architecture = Architecture(inputHeight: height, inputWidth: width, convolutionChannels: channels,
                                        denseWidth: dense, dropout: dropout, classes: classes, groupNormGroups: groups,
                                        frontEnd: frontEnd)
        do {
            try architecture.validate()
        } catch {
            throw .invalidField(field: field, reason: "\(error)")
        }
        return architecture
    }
}
