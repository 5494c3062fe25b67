import Foundation

/// A child process running in the background whose stdout and stderr are
/// collected as they arrive, so a test can wait for a line the program logs (an
/// honest signal that it reached a point) before acting on it. The process is
/// killed, by its own pid, when the value is released while it still runs.
public final class RunningProcess: @unchecked Sendable {
    // Sendable: `process` is only started in init and read afterwards; the
    // collected output lives in `Output`, which locks.
    private let process = Process()
    private let output = Output()

    /// Starts `executable` with `arguments` (and `environment`, or this process's).
    /// - Throws: what `Process.run()` throws when the executable cannot be started.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.terminationHandler = { [output] _ in output.update { $0.exited = true } }
        try process.run()
        output.drain(out.fileHandleForReading, isError: false)
        output.drain(err.fileHandleForReading, isError: true)
    }

    /// The process id, for messages.
    public var pid: Int32 { process.processIdentifier }

    /// What the process printed on stderr so far.
    public var standardError: String { output.read { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Whether the process has exited.
    public var hasExited: Bool { output.read(\.exited) }

    /// Waits until stderr contains `text`, the process closes it, or `timeout` seconds pass.
    /// - Returns: whether `text` appeared.
    public func waitForStandardError(containing text: String, timeout: Double) -> Bool {
        waitForStandardError(containingAnyOf: [text], timeout: timeout)
    }

    /// Waits until stderr contains one of `texts`, the process closes it, or `timeout` seconds pass.
    /// - Returns: whether one of `texts` appeared.
    public func waitForStandardError(containingAnyOf texts: [String], timeout: Double) -> Bool {
        output.wait(timeout: timeout) { state in
            let text = String(decoding: state.stderr, as: UTF8.self)
            if texts.contains(where: text.contains) { return true }
            return state.openStreams == 0 ? false : nil
        } ?? false
    }

    /// Waits until the process exited and both streams reached their end. `status` is
    /// the exit code, or the signal's number when `killedBySignal`.
    public func wait() -> (result: ChorusProcess.Result, killedBySignal: Bool) {
        _ = output.wait(timeout: .infinity) { $0.exited && $0.openStreams == 0 ? true : nil }
        return ended
    }

    /// Waits as `wait()` does, for at most `timeout` seconds; nil when the process still runs.
    public func wait(timeout: Double) -> (result: ChorusProcess.Result, killedBySignal: Bool)? {
        let done = output.wait(timeout: timeout) { $0.exited && $0.openStreams == 0 ? true : nil } ?? false
        return done ? ended : nil
    }

    private var ended: (result: ChorusProcess.Result, killedBySignal: Bool) {
        output.read { state in
            (ChorusProcess.Result(status: process.terminationStatus, stdout: String(decoding: state.stdout, as: UTF8.self),
                                  stderr: String(decoding: state.stderr, as: UTF8.self)),
             process.terminationReason == .uncaughtSignal)
        }
    }

    /// Sends SIGKILL to its pid if it still runs (cleanup after a failed test).
    public func kill() {
        if !hasExited { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    deinit {
        if !hasExited { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

/// What a running process printed and whether it ended, behind one condition
/// variable that wakes waiters on every change.
private final class Output: @unchecked Sendable {
    // Sendable: `state` is only touched while holding `condition`.
    struct State {
        var stdout = Data()
        var stderr = Data()
        var openStreams = 2
        var exited = false
    }

    private let condition = NSCondition()
    private var state = State()

    func update(_ change: (inout State) -> Void) {
        condition.lock()
        change(&state)
        condition.broadcast()
        condition.unlock()
    }

    func read<T>(_ body: (State) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(state)
    }

    /// Waits until `decide` returns a value (nil: keep waiting) or `timeout` seconds pass (nil).
    func wait<T>(timeout: Double, until decide: (State) -> T?) -> T? {
        // No `wait(until: .distantFuture)`: corelibs Foundation traps converting it.
        let limit = timeout.isFinite ? Date(timeIntervalSinceNow: timeout) : nil
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let decision = decide(state) { return decision }
            if let limit {
                if !condition.wait(until: limit) { return decide(state) }
            } else {
                condition.wait()
            }
        }
    }

    /// Reads `handle` on a background thread until its end, appending to stderr or stdout.
    /// Reads with `read(2)` and retries on EINTR (FileHandle's `availableData` traps on it).
    func drain(_ handle: FileHandle, isError: Bool) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                let chunk = Data(buffer.prefix(max(count, 0)))
                update { state in
                    if chunk.isEmpty {
                        state.openStreams -= 1
                    } else if isError {
                        state.stderr.append(chunk)
                    } else {
                        state.stdout.append(chunk)
                    }
                }
                if chunk.isEmpty { return }
            }
        }
    }
}
