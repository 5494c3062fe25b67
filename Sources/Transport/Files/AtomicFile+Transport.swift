import ChorusSupport
import Foundation

/// ChorusSupport's atomic reads and writes, with failures as `TransportError`
/// so key, certificate and roster code keeps one error type (the coordinator's
/// directory and roster, in Server, write through it too).
package enum TransportFile {
    package static func read(_ url: URL) throws(TransportError) -> [UInt8] {
        do { return try AtomicFile.read(url) } catch { throw TransportError(error) }
    }

    package static func write(_ bytes: [UInt8], to url: URL, permissions: mode_t, overwrite: Bool) throws(TransportError) {
        do { try AtomicFile.write(bytes, to: url, permissions: permissions, overwrite: overwrite) } catch { throw TransportError(error) }
    }

    package static func makePrivateDirectory(_ url: URL) throws(TransportError) {
        do { try AtomicFile.makePrivateDirectory(url) } catch { throw TransportError(error) }
    }
}

extension TransportError {
    /// The transport's view of a file-system failure.
    init(_ error: FileError) {
        switch error {
        case .io(let path, let reason): self = .file(path: path, reason: reason)
        case .alreadyExists(let path): self = .alreadyExists(path: path)
        }
    }
}
