import Foundation

extension JSONEncoder {
    /// Pretty, sorted-key JSON with ISO 8601 dates, for files people read.
    static var chorus: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    /// The decoder matching `JSONEncoder.chorus`.
    static var chorus: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
