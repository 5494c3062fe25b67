import Audit
import ChorusSupport
import DifferentialPrivacy
import Foundation
import ML

/// Everything a coordinator needs to resume a run: the global model and the
/// server optimizer's momentum, the accountant, the last round attempted, and
/// the last completed round's report record (re-appended on restart if the
/// report missed it). Saved atomically after every round.
package struct CoordinatorState {
    package struct Metadata: Codable {
        package var version: Int
        package var run: RunParameters
        package var architecture: Architecture
        /// The last round id attempted (completed or aborted).
        package var round: UInt64
        package var completedRounds: Int
        package var accountant: PrivacyAccountant
        package var lastRecord: ReportRoundRecord?

        package init(version: Int, run: RunParameters, architecture: Architecture, round: UInt64, completedRounds: Int,
                     accountant: PrivacyAccountant, lastRecord: ReportRoundRecord?) {
            self.version = version
            self.run = run
            self.architecture = architecture
            self.round = round
            self.completedRounds = completedRounds
            self.accountant = accountant
            self.lastRecord = lastRecord
        }
    }

    package var metadata: Metadata
    package var parameters: [Float]
    /// The server optimizer's velocity; empty without momentum.
    package var momentum: [Float]

    package init(metadata: Metadata, parameters: [Float], momentum: [Float]) {
        self.metadata = metadata
        self.parameters = parameters
        self.momentum = momentum
    }

    static let magic = Array("CHORUSCK".utf8)
    package static let version = 1

    /// File layout: magic, u32 JSON length, JSON metadata, u32 count + float32
    /// parameters, u32 count + float32 momentum, SHA-256 of everything before.
    package func save(to url: URL) throws(ServerError) {
        let json: Data
        do { json = try Self.encoder.encode(metadata) } catch {
            throw .checkpoint(path: url.path, reason: "cannot encode: \(error)")
        }
        var bytes = Self.magic
        Self.append(UInt32(json.count), to: &bytes)
        bytes += json
        for vector in [parameters, momentum] {
            Self.append(UInt32(vector.count), to: &bytes)
            vector.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        bytes += SHA256.hash(bytes)
        do { try AtomicFile.write(bytes, to: url, permissions: 0o600, overwrite: true) } catch {
            throw .checkpoint(path: url.path, reason: error.description)
        }
    }

    /// Reads and checks a checkpoint.
    /// - Throws: `ServerError.checkpoint` naming what is wrong.
    package static func load(from url: URL) throws(ServerError) -> CoordinatorState {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(url) } catch { throw .checkpoint(path: url.path, reason: error.description) }
        func fail(_ reason: String) -> ServerError { .checkpoint(path: url.path, reason: reason) }
        guard bytes.count >= magic.count + 4 + 32, Array(bytes.prefix(magic.count)) == magic else {
            throw fail("not a Chorus checkpoint")
        }
        let body = bytes.dropLast(32)
        guard SHA256.hash(body) == Array(bytes.suffix(32)) else { throw fail("checksum mismatch: the file is damaged") }
        var offset = magic.count
        func readCount() throws(ServerError) -> Int {
            guard offset + 4 <= body.count else { throw fail("truncated") }
            let value = body[offset..<(offset + 4)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            offset += 4
            return value
        }
        func readBytes(_ count: Int) throws(ServerError) -> ArraySlice<UInt8> {
            guard count >= 0, offset + count <= body.count else { throw fail("truncated") }
            defer { offset += count }
            return body[offset..<(offset + count)]
        }
        let metadata: Metadata
        do { metadata = try decoder.decode(Metadata.self, from: Data(try readBytes(try readCount()))) } catch {
            throw fail("metadata: \(error)")
        }
        guard metadata.version == version else { throw fail("version \(metadata.version), expected \(version)") }
        var vectors: [[Float]] = []
        for _ in 0..<2 {
            let raw = try readBytes(4 * (try readCount()))
            vectors.append(raw.withUnsafeBytes { buffer in
                (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            })
        }
        guard offset == body.count else { throw fail("\(body.count - offset) unexpected bytes") }
        guard vectors[0].count == metadata.architecture.parameterCount,
              vectors[1].isEmpty || vectors[1].count == vectors[0].count else {
            throw fail("parameter vectors do not fit the architecture")
        }
        return CoordinatorState(metadata: metadata, parameters: vectors[0], momentum: vectors[1])
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }()
}
