import Foundation

/// Where `chorus encoder import` finds a musicnn checkpoint: the wheel itself
/// (a zip archive, read in place) or a folder holding it unpacked (the wheel's
/// root, its `musicnn/` package, or the model folder itself).
enum CheckpointSource {
    static let indexName = ".index"
    static let dataName = ".data-00000-of-00001"
    /// The wheel is 29 MB; anything far larger is not it.
    static let maximumArchiveSize = 256 << 20

    /// The tensors of `model` read from `path`.
    static func tensors(of model: EncoderModel, from path: String) throws(EncoderError) -> [String: EncoderTensor] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .io(path: path, reason: "does not exist; get the wheel with scripts/fetch-musicnn.sh")
        }
        let wanted = Set(model.tensorShapes.keys)
        let tensors: [String: EncoderTensor]
        if isDirectory.boolValue {
            let candidates = ["musicnn/\(model.checkpointFolder)", model.checkpointFolder, "."].map {
                URL(fileURLWithPath: path).appendingPathComponent($0)
            }
            guard let folder = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent(indexName).path) }) else {
                throw .missing(path: path, what: "\(model.checkpointFolder)/\(indexName) (nor musicnn/\(model.checkpointFolder)/\(indexName))")
            }
            let index = folder.appendingPathComponent(indexName), data = folder.appendingPathComponent(dataName)
            tensors = try TensorBundle.tensors(index: try read(index.path), data: try read(data.path), indexPath: index.path,
                                               dataPath: data.path, wanted: wanted)
        } else {
            let archive = try ZipArchive(bytes: try read(path), path: path)
            let prefix = "musicnn/\(model.checkpointFolder)/"
            tensors = try TensorBundle.tensors(index: try archive.contents(of: prefix + indexName),
                                               data: try archive.contents(of: prefix + dataName),
                                               indexPath: "\(path)!\(prefix)\(indexName)", dataPath: "\(path)!\(prefix)\(dataName)",
                                               wanted: wanted)
        }
        for (name, shape) in model.tensorShapes where tensors[name]?.shape != shape {
            throw .tensorShape(path: path, tensor: name, found: tensors[name]?.shape ?? [], expected: shape)
        }
        return tensors
    }

    private static func read(_ path: String) throws(EncoderError) -> [UInt8] {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maximumArchiveSize {
                throw EncoderError.corrupt(path: path, field: "size", reason: "is \(size) bytes, expected at most \(maximumArchiveSize)")
            }
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as EncoderError {
            throw error
        } catch {
            throw .io(path: path, reason: "cannot be read: \(error.localizedDescription)")
        }
    }
}
