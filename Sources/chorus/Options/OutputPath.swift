import ArgumentParser
import Foundation

/// Checks made in `validate()` on the paths a command will write, so a mistyped
/// folder is reported before any feature extraction or training, not after it.
enum OutputPath {
    /// A file `path` can be created: its folder exists and is writable, and `path` is not a folder.
    /// - Throws: `ValidationError` naming `flag`, the path and what to do.
    static func checkFile(_ path: String, flag: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("\(flag) \(path) is a directory; pass a file name inside it, e.g. \(flag) \(path)/model.chorus.")
        }
        try checkParent(of: path, flag: flag)
    }

    /// A directory `path` exists or can be created: its nearest existing ancestor is a writable folder.
    /// - Throws: `ValidationError` naming `flag`, the path and what to do.
    static func checkDirectory(_ path: String, flag: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ValidationError("\(flag) \(path) is a file, not a directory; pass a directory.") }
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw ValidationError("\(flag) \(path) is not writable by this user; pass a directory you can write to.")
            }
            return
        }
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path), ancestor.pathComponents.count > 1 {
            ancestor.deleteLastPathComponent()
        }
        guard FileManager.default.isWritableFile(atPath: ancestor.path) else {
            throw ValidationError("\(flag) \(path) cannot be created: \(ancestor.path) is not writable by this user.")
        }
    }

    private static func checkParent(of path: String, flag: String) throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(flag) \(path): the directory \(parent) does not exist; create it (mkdir -p \(parent)) or pass another path.")
        }
        guard FileManager.default.isWritableFile(atPath: parent) else {
            throw ValidationError("\(flag) \(path): the directory \(parent) is not writable by this user; pass another path.")
        }
    }
}
