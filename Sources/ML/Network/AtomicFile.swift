import Foundation

/// Writes a file so that readers see either the old or the new contents,
/// never a mix: write a temporary file beside it, fsync, rename over the
/// target, fsync the folder.
enum AtomicFile {
    /// - Throws: `MLError.io` naming `url` and the system's reason.
    static func write(_ bytes: [UInt8], to url: URL) throws(MLError) {
        let path = url.path
        let folder = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(DispatchTime.now().uptimeNanoseconds)").path
        func failure(_ what: String) -> MLError {
            MLError.io(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create a temporary file") }
        var ok = true
        var reason = ""
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    reason = "cannot write"
                    return
                }
                offset += written
            }
        }
        if ok && fsync(descriptor) != 0 { ok = false; reason = "cannot fsync" }
        if close(descriptor) != 0 && ok { ok = false; reason = "cannot close" }
        if ok && rename(temporary, path) != 0 { ok = false; reason = "cannot rename into place" }
        guard ok else {
            let error = failure(reason)
            unlink(temporary)
            throw error
        }
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}
