import Foundation

/// Runs the `chorus` executable that SwiftPM built beside the test bundle and
/// captures what it printed, for tests of the command line as users see it.
public struct ChorusProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The built `chorus` binary: in the same products folder as the test bundle.
    public static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the runner may be `<Package>PackageTests.xctest` itself or a
        // swift-testing runner inside the products folder.
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("chorus").path),
              folder.pathComponents.count > 1 {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("chorus")
    }

    /// Runs `chorus` with `arguments` and waits for it to exit.
    /// - Parameter environment: added to this process's environment.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try start(arguments, environment: environment).wait().result
    }
}

extension ChorusProcess {
    /// A `chorus` process started in the background, its output drained as it runs.
    public final class Running: @unchecked Sendable {
        // Sendable: the Process is only started here and then waited on or signalled.
        private let process: Process
        private let out: ReadAll
        private let err: ReadAll

        fileprivate init(process: Process, out: ReadAll, err: ReadAll) {
            self.process = process
            self.out = out
            self.err = err
        }

        /// The child's process id.
        public var pid: Int32 { process.processIdentifier }

        /// Waits for the process to end. `status` is the exit code, or the signal's
        /// number when `killedBySignal`.
        public func wait() -> (result: Result, killedBySignal: Bool) {
            process.waitUntilExit()
            let result = Result(status: process.terminationStatus,
                                stdout: String(decoding: out.wait(), as: UTF8.self),
                                stderr: String(decoding: err.wait(), as: UTF8.self))
            return (result, process.terminationReason == .uncaughtSignal)
        }

        /// Sends SIGKILL if it still runs (cleanup after a failed test).
        public func kill() {
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// Starts `chorus` with `arguments` and returns at once.
    /// - Parameter environment: added to this process's environment.
    public static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Running(process: process, out: ReadAll(out.fileHandleForReading), err: ReadAll(err.fileHandleForReading))
    }
}

/// Drains a pipe on a background thread.
private final class ReadAll: @unchecked Sendable {
    // Sendable: `data` is written once by the reader thread before `done` is signalled.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
