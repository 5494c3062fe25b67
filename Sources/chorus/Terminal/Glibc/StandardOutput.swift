import Glibc

/// The command line's `print`: it shadows `Swift.print` in this module so that
/// every result line goes to stdout with one `write(2)` when printed. Swift's
/// own `print` goes through C stdio, which holds stdout in a 4 KiB block when it
/// is a file or pipe (a service manager's log), so "listening on" and the round
/// table would appear late, or never if the process is then killed. (Swift 6
/// forbids reaching C's `stdout` to make it line-buffered instead.) Logs go to
/// stderr, which swift-log flushes after every message.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return  // stdout closed (a reader gone): nothing left to tell
        }
        bytes = bytes.dropFirst(written)
    }
}
