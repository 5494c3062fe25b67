import Foundation

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

    /// Runs `chorus` with `arguments` and waits for it to exit.
    /// - Parameter environment: added to this process's environment.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try start(arguments, environment: environment).wait().result
    }

    /// Starts `chorus` with `arguments` and returns at once.
    /// - Parameter environment: added to this process's environment.
    public static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningProcess {
        try RunningProcess(executable, arguments,
                           environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }
}
