import ChorusSupport
import Foundation

/// A pretrained encoder's weights in Chorus's own file, written by
/// `chorus encoder import` from the public checkpoint and read by every
/// command that embeds audio.
///
/// Layout (little-endian): magic `CHORUSEN`, format version (u32), model name
/// (u16 length + UTF-8, an `EncoderModel` raw value), tensor count (u32), then
/// per tensor in name order: name (u16 length + UTF-8), rank (u32), each
/// dimension (u32), the float32 values; then the SHA-256 of everything before
/// it. That checksum, in hex, is the encoder's digest: models and round plans
/// record it so a head never runs on another encoder's embeddings.
public struct EncoderFile: Sendable {
    static let magic = Array("CHORUSEN".utf8)
    public static let version: UInt32 = 1
    static let maximumNameLength = 256

    public let model: EncoderModel
    public let tensors: [String: EncoderTensor]
    /// The file's SHA-256 (of its contents before the checksum), in lowercase hex.
    public let digest: String

    /// An encoder of `model` from `tensors`, which must hold exactly the model's tensors with their shapes.
    public init(model: EncoderModel, tensors: [String: EncoderTensor]) {
        precondition(Set(tensors.keys) == Set(model.tensorShapes.keys), "the model's tensors, no more, no fewer")
        self.model = model
        self.tensors = tensors
        digest = Hex.encode(Self.encode(model: model, tensors: tensors).suffix(SHA256.byteCount))
    }

    private init(model: EncoderModel, tensors: [String: EncoderTensor], digest: String) {
        self.model = model
        self.tensors = tensors
        self.digest = digest
    }

    /// Reads `model`'s tensors from a musicnn wheel or unpacked folder at `path`.
    /// - Throws: `EncoderError` naming the file, member and tensor.
    public static func importCheckpoint(_ model: EncoderModel, from path: String) throws(EncoderError) -> EncoderFile {
        EncoderFile(model: model, tensors: try CheckpointSource.tensors(of: model, from: path))
    }

    /// The file's bytes, checksum included.
    package func encoded() -> [UInt8] { Self.encode(model: model, tensors: tensors) }

    private static func encode(model: EncoderModel, tensors: [String: EncoderTensor]) -> [UInt8] {
        var bytes = magic
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(UInt16(model.rawValue.utf8.count))
        bytes.append(contentsOf: model.rawValue.utf8)
        bytes.appendLittleEndian(UInt32(tensors.count))
        for name in tensors.keys.sorted() {
            guard let tensor = tensors[name] else { continue }
            bytes.appendLittleEndian(UInt16(name.utf8.count))
            bytes.append(contentsOf: name.utf8)
            bytes.appendLittleEndian(UInt32(tensor.shape.count))
            for dimension in tensor.shape { bytes.appendLittleEndian(UInt32(dimension)) }
            bytes.appendLittleEndian(contentsOf: tensor.values)
        }
        bytes.append(contentsOf: SHA256.hash(bytes[...]))
        return bytes
    }

    /// Parses and verifies `bytes` read from `path`: magic, version, a known
    /// model, exactly its tensors with their shapes, finite values, checksum.
    package static func decode(_ bytes: [UInt8], path: String) throws(EncoderError) -> EncoderFile {
        guard bytes.starts(with: magic) else {
            throw !bytes.isEmpty && magic.starts(with: bytes) ? .truncated(path: path, field: "magic") : .notAnEncoderFile(path: path)
        }
        var reader = EncoderFileReader(bytes[magic.count...], path: path)
        let version: UInt32 = try reader.integer("format version")
        guard version == Self.version else { throw .unsupportedVersion(path: path, found: version, supported: Self.version) }
        let modelName = try reader.text("model name", limit: maximumNameLength)
        guard let model = EncoderModel(rawValue: modelName) else {
            throw .corrupt(path: path, field: "model name", reason: "is \(modelName), expected one of "
                           + EncoderModel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let shapes = model.tensorShapes
        let count = Int(try reader.integer("tensor count") as UInt32)
        guard count == shapes.count else {
            throw .corrupt(path: path, field: "tensor count", reason: "is \(count), \(model.rawValue) has \(shapes.count)")
        }
        var tensors: [String: EncoderTensor] = [:]
        for index in 0..<count {
            let name = try reader.text("name of tensor \(index + 1)", limit: maximumNameLength)
            guard let expected = shapes[name], tensors[name] == nil else {
                throw .corrupt(path: path, field: "tensor \(index + 1)", reason: "is \(name), which \(model.rawValue) does not have or has twice")
            }
            let rank = Int(try reader.integer("rank of \(name)") as UInt32)
            guard rank == expected.count else { throw .tensorShape(path: path, tensor: name, found: [rank], expected: expected) }
            var shape: [Int] = []
            for axis in 0..<rank { shape.append(Int(try reader.integer("dimension \(axis) of \(name)") as UInt32)) }
            guard shape == expected else { throw .tensorShape(path: path, tensor: name, found: shape, expected: expected) }
            let values = try reader.floats(shape.reduce(1, *), field: name)
            guard values.allSatisfy(\.isFinite) else {
                throw .corrupt(path: path, field: "tensor \(name)", reason: "holds values that are not finite")
            }
            tensors[name] = EncoderTensor(shape: shape, values: values)
        }
        let checksumStart = magic.count + reader.readerIndex
        let stored = try reader.bytes(SHA256.byteCount, field: "checksum")
        guard reader.remaining == 0 else {
            throw .corrupt(path: path, field: "end of file", reason: "has \(reader.remaining) bytes after the checksum")
        }
        guard SHA256.hash(bytes[..<checksumStart]).elementsEqual(stored) else { throw .checksumMismatch(path: path, what: "SHA-256") }
        return EncoderFile(model: model, tensors: tensors, digest: Hex.encode(stored))
    }

    /// Writes the encoder to `url` atomically.
    public func save(to url: URL) throws(EncoderError) {
        do {
            try AtomicFile.write(encoded(), to: url)
        } catch {
            throw .io(path: url.path, reason: error.description)
        }
    }

    /// Reads and verifies an encoder file.
    public static func load(from url: URL) throws(EncoderError) -> EncoderFile {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(url)
        } catch {
            throw .io(path: url.path, reason: "\(error.description); make the file with `chorus encoder import`")
        }
        return try decode(bytes, path: url.path)
    }
}
