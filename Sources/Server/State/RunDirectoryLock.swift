import Foundation

/// An exclusive lock on a run's output directory, so two coordinators never
/// write the same checkpoint and report. The kernel releases it when the
/// process ends, however it ends, so a killed coordinator can be restarted at once.
final class RunDirectoryLock {
    private let descriptor: Int32

    /// Takes the lock on `directory`/.lock.
    /// - Throws: `ServerError.checkpoint` when another process holds it.
    init(directory: URL) throws(ServerError) {
        let path = directory.appendingPathComponent(".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .checkpoint(path: path, reason: "cannot open the run's lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .checkpoint(path: directory.path, reason: "another coordinator is running on this directory")
        }
        self.descriptor = descriptor
    }

    /// True when a coordinator holds the lock on `directory` now. Probes with a
    /// shared lock, released at once (a coordinator starting in that instant sees it busy).
    static func isHeld(in directory: URL) -> Bool {
        let descriptor = open(directory.appendingPathComponent(".lock").path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_SH | LOCK_NB) != 0
    }

    deinit {
        close(descriptor)
    }
}
