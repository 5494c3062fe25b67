import Foundation
import Synchronization

/// A one-line progress bar on stderr, drawn only when stderr is a terminal
/// (so logs and pipes stay clean). Safe to update from any thread.
final class ProgressBar: Sendable {
    private let label: String
    private let enabled: Bool
    private let lastDrawn = Mutex(-1)
    private static let width = 30

    init(label: String) {
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1
    }

    /// Shows `done` of `total`.
    func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let filled = Self.width * done / total
        let redraw = lastDrawn.withLock { last -> Bool in
            // Draw at most once per changed cell and at the end, so threads do not flood the terminal.
            guard filled != last || done == total else { return false }
            last = filled
            return true
        }
        guard redraw else { return }
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: Self.width - filled)
        let line = "\r\(label) [\(bar)] \(done)/\(total)" + (done == total ? "\n" : "")
        FileHandle.standardError.write(Data(line.utf8))
    }
}
