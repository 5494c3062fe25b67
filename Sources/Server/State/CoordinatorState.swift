import Audit
import ChorusSupport
import DifferentialPrivacy
import Foundation
import ML
import SecureAgg

/// Everything a coordinator needs to resume a run: the global model and the
/// server optimizer's momentum, the accountant, the last round attempted, and
/// the last completed round's report record (re-appended on restart if the
/// report missed it). Saved atomically after every round.
package struct CoordinatorState {
    package struct Metadata: Codable {
        package var version: Int
        /// The run's id (hex), drawn when it started and kept when it resumes: a resumed
        /// run is the same run, its round ids continue and its report's chain goes on.
        package var runID: String
        package var run: RunParameters
        package var architecture: Architecture
        /// The last round id attempted (completed or aborted).
        package var round: UInt64
        package var completedRounds: Int
        package var accountant: PrivacyAccountant
        package var lastRecord: ReportRoundRecord?

        package init(version: Int, runID: String, run: RunParameters, architecture: Architecture, round: UInt64, completedRounds: Int,
                     accountant: PrivacyAccountant, lastRecord: ReportRoundRecord?) {
            self.version = version
            self.runID = runID
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
    package static let version = 3  // 2: sampling over the roster; 3: the run id

    /// File layout: magic, u32 JSON length, JSON metadata, u32 count + float32
    /// parameters, u32 count + float32 momentum, SHA-256 of everything before.
    package func save(to url: URL) throws(ServerError) {
        let json: Data
        do { json = try Self.encoder.encode(metadata) } catch {
            throw .checkpoint(path: url.path, reason: "cannot encode: \(error)")
        }
        var bytes = Self.magic
        bytes.appendLittleEndian(UInt32(json.count))
        bytes += json
        for vector in [parameters, momentum] {
            bytes.appendLittleEndian(UInt32(vector.count))
            bytes.appendLittleEndian(contentsOf: vector)
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
        var reader = LittleEndianReader(body[magic.count...])
        func read<T>(_ decode: (inout LittleEndianReader) throws(ByteReadError) -> T) throws(ServerError) -> T {
            try reader.reading(decode) { error -> ServerError in
                switch error {
                case .truncated: fail("truncated")
                case .countTooLarge: fail("\(error)")
                }
            }
        }
        let json = try read { reader throws(ByteReadError) in
            try reader.readBytes(count: reader.readCount(field: "metadata", limit: .max, elementBytes: 1), field: "metadata")
        }
        let metadata: Metadata
        do { metadata = try decoder.decode(Metadata.self, from: Data(json)) } catch {
            throw fail("metadata: \(error)")
        }
        guard metadata.version == version else { throw fail("version \(metadata.version), expected \(version)") }
        var vectors: [[Float]] = []
        for field in ["parameters", "momentum"] {
            vectors.append(try read { reader throws(ByteReadError) in
                try reader.readFloats(count: reader.readCount(field: field, limit: .max, elementBytes: 4), field: field)
            })
        }
        guard reader.isAtEnd else { throw fail("\(reader.remaining) unexpected bytes") }
        guard vectors[0].count == metadata.architecture.parameterCount,
              vectors[1].isEmpty || vectors[1].count == vectors[0].count else {
            throw fail("parameter vectors do not fit the architecture")
        }
        return CoordinatorState(metadata: metadata, parameters: vectors[0], momentum: vectors[1])
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
