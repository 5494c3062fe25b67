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
        let architecture = Architecture(inputHeight: height, inputWidth: width, convolutionChannels: channels,
                                        denseWidth: dense, dropout: dropout, classes: classes, groupNormGroups: groups)
        do {
            try architecture.validate()
        } catch {
            throw .invalidField(field: field, reason: "\(error)")
        }
        return architecture
    }
}
