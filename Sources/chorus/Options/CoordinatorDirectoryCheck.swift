import ArgumentParser
import Foundation
import Server
import Transport

extension CoordinatorDirectory {
    /// The coordinator directory `path`, after checking that `chorus coordinator init` made it.
    /// - Throws: `ValidationError` naming the path and the command that creates it.
    static func existing(_ path: String, flag: String = "--dir") throws -> CoordinatorDirectory {
        let directory = CoordinatorDirectory(url: URL(fileURLWithPath: path, isDirectory: true))
        guard FileManager.default.fileExists(atPath: directory.configURL.path) else {
            let what = FileManager.default.fileExists(atPath: path) ? "is not a coordinator directory (it has no config.json)"
                                                                     : "does not exist"
            throw ValidationError("\(flag) \(path) \(what): run `chorus coordinator init --dir \(path)` first.")
        }
        return directory
    }
}
