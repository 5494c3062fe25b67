import ChorusSupport
import Foundation
import SecureAgg

/// One line of a privacy report: the entry's JSON with the coordinator's
/// Ed25519 signature appended as its last member,
/// `{...entry...,"signature":"<128 hex digits>"}`.
///
/// The signature covers the entry's JSON exactly as written (the line with the
/// signature member cut out), so no canonical re-encoding is needed to verify.
package enum SignedLine {
    private static let signatureKey = Array(#","signature":""#.utf8)
    private static let signatureHexLength = Ed25519PublicKey.signatureByteCount * 2

    /// The line for `entry`, signed by `key`, without a trailing newline.
    package static func encode(_ entry: ReportEntry, signedBy key: Ed25519SigningKey) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = nonFinite
        let body = [UInt8](try encoder.encode(entry))
        let signature = key.signature(for: body)
        return body.dropLast() + signatureKey + Array(Hex.encode(signature).utf8) + Array(#""}"#.utf8)
    }

    /// Splits `line` into the signed entry bytes and the signature.
    /// - Throws: `AuditError.malformedRecord` when the line does not end in a signature member.
    static func split(_ line: ArraySlice<UInt8>, record: Int) throws(AuditError) -> (signed: [UInt8], signature: [UInt8]) {
        let tail = signatureKey.count + signatureHexLength + 2
        guard line.count > tail + 1, line.last == UInt8(ascii: "}") else {
            throw .malformedRecord(record: record, reason: "does not end with a signature member")
        }
        let keyStart = line.endIndex - tail
        guard line[keyStart..<(keyStart + signatureKey.count)].elementsEqual(signatureKey),
              line[line.endIndex - 2] == UInt8(ascii: "\"") else {
            throw .malformedRecord(record: record, reason: "does not end with a signature member")
        }
        let hex = line[(keyStart + signatureKey.count)..<(line.endIndex - 2)]
        guard let signature = Hex.decode(String(decoding: hex, as: UTF8.self)) else {
            throw .malformedRecord(record: record, reason: "the signature is not hexadecimal")
        }
        return (Array(line[..<keyStart]) + [UInt8(ascii: "}")], signature)
    }

    /// Epsilon is infinite when a run has no differential privacy; JSON has no
    /// infinity, so it is written as the string "Infinity".
    private static let nonFinite = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// Decodes the entry a line's signed bytes hold.
    static func decodeEntry(_ signed: [UInt8], record: Int) throws(AuditError) -> ReportEntry {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try decoder.decode(ReportEntry.self, from: Data(signed))
        } catch {
            throw .malformedRecord(record: record, reason: "not a report entry: \(error)")
        }
    }

    /// The chain hash of a whole line (hex SHA-256 of its bytes, newline excluded).
    package static func hash(_ line: some Collection<UInt8>) -> String {
        Hex.encode(SHA256.hash(line))
    }
}
