import Foundation

/// Writes files so that readers see the old contents or the new, never a mix:
/// a temporary file beside the target is written, fsynced and renamed over it,
/// then the directory is fsynced. Model files, feature caches, checkpoints,
/// keys, rosters and privacy reports all go through here.
public enum AtomicFile {
    /// Reads the whole file.
    /// - Throws: `FileError.io` naming the file.
    public static func read(_ url: URL) throws(FileError) -> [UInt8] {
        do {
            return try [UInt8](Data(contentsOf: url))
        } catch {
            throw .io(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
    }

    /// Writes `bytes` to `url` with `permissions` (e.g. 0o600 for keys).
    /// - Parameter overwrite: when false an existing file is an error
    ///   (`FileError.alreadyExists`), so keys are never replaced by accident.
    /// - Throws: `FileError` naming the file and the system's reason.
    public static func write<Bytes: ContiguousBytes>(_ bytes: Bytes, to url: URL, permissions: mode_t = 0o644,
                                                     overwrite: Bool = true) throws(FileError) {
        try write(to: url, permissions: permissions, overwrite: overwrite, mapError: { $0 }) { writer throws(FileError) in
            let failure: FileError? = bytes.withUnsafeBytes { raw in
                do throws(FileError) {
                    try writer.write(raw)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
        }
    }

    /// Creates a temporary file, lets `body` write into it, then fsyncs it,
    /// moves it to `url` and fsyncs the directory. Large files (feature
    /// caches) stream through `body` without being assembled in memory.
    /// - Parameter mapError: turns a file-system failure into the caller's error type.
    public static func write<E: Error>(to url: URL, permissions: mode_t = 0o644, overwrite: Bool = true,
                                       mapError: (FileError) -> E,
                                       _ body: (FileWriter) throws(E) -> Void) throws(E) {
        let path = url.path
        if !overwrite, FileManager.default.fileExists(atPath: path) { throw mapError(.alreadyExists(path: path)) }
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw mapError(.io(path: path, reason: "cannot create \(temporary): \(errnoText())")) }
        var placed = false
        defer { if !placed { unlink(temporary) } }
        do throws(E) {
            try body(FileWriter(descriptor: fd, path: path))
            #if CHORUS_FAULT_INJECTION
            // Fault injection: a test can kill the process here, leaving a torn temporary file.
            let crashPoint = "atomic-write:\(url.lastPathComponent)"
            if CrashPoint.isFatal(crashPoint) { ftruncate(fd, lseek(fd, 0, SEEK_CUR) / 2) }
            CrashPoint.reach(crashPoint)
            #endif
            // open() applies the umask; set the exact mode asked for.
            guard fchmod(fd, permissions) == 0 else { throw mapError(.io(path: path, reason: "fchmod failed: \(errnoText())")) }
            guard fsync(fd) == 0 else { throw mapError(.io(path: path, reason: "fsync failed: \(errnoText())")) }
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw mapError(.io(path: path, reason: "close failed: \(errnoText())")) }
        // link() refuses an existing target atomically; rename() replaces it atomically.
        let moved = overwrite ? rename(temporary, path) : link(temporary, path)
        let moveErrno = errno
        placed = overwrite && moved == 0
        guard moved == 0 else {
            if moveErrno == EEXIST { throw mapError(.alreadyExists(path: path)) }
            throw mapError(.io(path: path, reason: "cannot move the new file into place: \(String(cString: strerror(moveErrno)))"))
        }
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Deletes the temporary files that writers of `url` killed before their
    /// rename left beside it. Call only while no other process writes `url`.
    public static func removeAbandonedTemporaries(of url: URL) {
        let directory = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            unlink(directory.appendingPathComponent(name).path)
        }
    }

    /// Creates `url` (and parents) as a directory only its owner can enter (0700).
    public static func makePrivateDirectory(_ url: URL) throws(FileError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .io(path: url.path, reason: "cannot create directory: \(error.localizedDescription)")
        }
        guard chmod(url.path, 0o700) == 0 else {
            throw .io(path: url.path, reason: "chmod 0700 failed: \(errnoText())")
        }
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

/// The open temporary file of an atomic write.
public struct FileWriter {
    let descriptor: Int32
    let path: String

    /// Writes every byte of `bytes`, retrying short writes and interruptions.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: "write failed: \(AtomicFile.errnoText())")
            }
            offset += written
        }
    }
}

/// A file could not be read or written.
public enum FileError: Error, Equatable, CustomStringConvertible {
    /// The system refused; `reason` says what was attempted and why it failed.
    case io(path: String, reason: String)
    /// The file exists and was not to be replaced.
    case alreadyExists(path: String)

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .alreadyExists(let path): "\(path): already exists; refusing to overwrite it"
        }
    }
}
