import Foundation

/// Writes state to disk atomically: a temporary file beside the target,
/// written in full and fsync'ed, then renamed over it and the folder synced,
/// so a crash leaves either the old file or the new one, never half of one.
enum AtomicFile {
    /// Writes `data` to `url`.
    /// - Throws: `AudioError.writeFailed` naming the file and the system's reason.
    static func write(_ data: Data, to url: URL) throws(AudioError) {
        try write(to: url) { descriptor throws(AudioError) in
            let failure: AudioError? = data.withUnsafeBytes { raw in
                do throws(AudioError) {
                    try writeAll(raw, to: descriptor, path: url.path)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
        }
    }

    /// Creates a temporary file, lets `body` write into its descriptor, then
    /// fsyncs, renames it to `url` and fsyncs the folder.
    static func write(to url: URL, _ body: (Int32) throws(AudioError) -> Void) throws(AudioError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(path: url.path, reason: systemError()) }
        var renamed = false
        defer { if !renamed { unlink(temporary.path) } }
        do throws(AudioError) {
            try body(descriptor)
            guard fsync(descriptor) == 0 else { throw AudioError.writeFailed(path: url.path, reason: systemError()) }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw .writeFailed(path: url.path, reason: systemError()) }
        guard rename(temporary.path, url.path) == 0 else { throw .writeFailed(path: url.path, reason: systemError()) }
        renamed = true
        let folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Writes every byte of `bytes`, retrying short writes and interruptions.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws(AudioError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, reason: systemError())
            }
            offset += written
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
