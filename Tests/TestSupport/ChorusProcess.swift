import Foundation
import Testing

/// Runs the `chorus` executable that SwiftPM built beside the test bundle and
/// captures what it printed, for tests of the command line as users see it.
public struct ChorusProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// A `chorus` process started in the background (`start`).
    public typealias Running = RunningProcess

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

    /// How long `run` waits before it takes the process for hung: far above any
    /// command a test runs, so that a hang fails its test instead of stalling the suite.
    public static let hangSeconds: Double = 600

    /// Runs `chorus` with `arguments` and waits for it to exit. A process still
    /// running after `hangSeconds` is killed and recorded as the test's failure.
    /// - Parameter environment: added to this process's environment.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = try start(arguments, environment: environment)
        if let finished = process.wait(timeout: hangSeconds) { return finished.result }
        process.kill()
        Issue.record("chorus \(arguments.joined(separator: " ")) did not exit within \(Int(hangSeconds)) s: killed")
        return process.wait().result
    }

    /// Starts `chorus` with `arguments` and returns at once.
    /// - Parameter environment: added to this process's environment.
    public static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningProcess {
        try RunningProcess(executable, arguments,
                           environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }
}
