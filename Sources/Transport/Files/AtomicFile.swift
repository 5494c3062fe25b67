import Foundation

/// Reads and writes key, certificate and roster files. Writes are atomic: a
/// temporary file in the same directory is written, fsynced and renamed over
/// the target, and the directory is fsynced, so a crash leaves the old file or
/// the new one, never a torn one.
public enum AtomicFile {
    /// The whole file, or `TransportError.file` naming it.
    public static func read(_ url: URL) throws(TransportError) -> [UInt8] {
        do {
            return try [UInt8](Data(contentsOf: url))
        } catch {
            throw .file(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
    }

    /// Writes `bytes` to `url` with `permissions` (e.g. 0o600).
    /// - Parameter overwrite: when false, an existing file is an error
    ///   (`TransportError.alreadyExists`), so keys are never replaced by accident.
    public static func write(_ bytes: [UInt8], to url: URL, permissions: mode_t, overwrite: Bool) throws(TransportError) {
        let path = url.path
        if !overwrite, FileManager.default.fileExists(atPath: path) { throw .alreadyExists(path: path) }
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw .file(path: path, reason: "cannot create \(temporary): \(errnoText())") }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let result = Foundation.write(fd, raw.baseAddress.map { $0 + written }, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return "write failed: \(errnoText())"
                }
                written += result
            }
            // open() applies the umask; set the exact mode asked for.
            if fchmod(fd, permissions) != 0 { return "fchmod failed: \(errnoText())" }
            return fsync(fd) == 0 ? nil : "fsync failed: \(errnoText())"
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw .file(path: path, reason: failure)
        }
        // link() refuses an existing target atomically; rename() replaces it atomically.
        let moved = overwrite ? rename(temporary, path) : link(temporary, path)
        let moveErrno = errno
        if !overwrite || moved != 0 { unlink(temporary) }
        guard moved == 0 else {
            if moveErrno == EEXIST { throw .alreadyExists(path: path) }
            throw .file(path: path, reason: "cannot move the new file into place: \(String(cString: strerror(moveErrno)))")
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Creates `url` (and parents) as a directory readable by its owner only (0700).
    static func makePrivateDirectory(_ url: URL) throws(TransportError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .file(path: url.path, reason: "cannot create directory: \(error.localizedDescription)")
        }
        guard chmod(url.path, 0o700) == 0 else {
            throw .file(path: url.path, reason: "chmod 0700 failed: \(errnoText())")
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
